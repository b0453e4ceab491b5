using System.Globalization;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Security;
using AiObsStream.Core.Windows;
using AiObsStream.Pipeline.Engine;

namespace AiObsStream.Benchmarks.Memory;

/// <summary>
/// Bytes per active series by operator, measured in process: the managed heap after a full collection
/// (<see cref="GC.GetTotalMemory(bool)"/>) before and after K series are opened, divided by K.
/// <c>dotnet run -c Release --project benchmarks/AiObsStream.Benchmarks -- series-bytes [K]</c>.
/// </summary>
/// <remarks>
/// A series here is what an operator keys its state by. GPU rows: one GPU (dims) with the 10 dcgm-exporter fields of
/// the perf workload (gen.py) sampled every 15 s, so 1 GPU = 10 "GPU x field" series; request rows: one deployment
/// (dims) with 20 requests per window. Figures are the retained heap, not RSS (RSS adds the runtime, code and the GC's
/// free space; see the README for the CLI figure).
/// </remarks>
public static class SeriesMemoryHarness
{
    private const long T0 = 1_763_809_980_000; // a minute boundary: 4 scrapes 15 s apart share one window

    private static readonly string[] GpuFields =
    [
        DcgmFields.GpuUtil, DcgmFields.FbUsed, DcgmFields.FbFree, DcgmFields.GpuTemp, DcgmFields.PowerUsage,
        DcgmFields.SmClock, "DCGM_FI_DEV_MEM_CLOCK", DcgmFields.MemCopyUtil, DcgmFields.EccDbeVolTotal,
        "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION",
    ];

    /// <summary>Prints the table; returns 0.</summary>
    public static int Run(string[] args)
    {
        var k = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
        Console.WriteLine($"bytes per series, K = {k:N0} (retained managed heap after a full GC)");
        Console.WriteLine("| operator state | shape | bytes per series |");
        Console.WriteLine("|---|---|---:|");
        var pool = new DimsPool();
        Report("dims (DimsPool + SeriesDims + label strings)", "1 GPU", k, () => GpuDims(pool, k));
        var dims = GpuDims(pool, k);
        var engine = new EngineOptions();
        Report("aggregator, 1 window open", "1 GPU (10 fields, 1 scrape)", k, () => Gpu(engine, dims, scrapes: 1));
        Report("aggregator, 1 window open", "1 GPU (10 fields, 4 scrapes)", k, () => Gpu(engine, dims, scrapes: 4));
        Report("aggregator, 4 windows open", "1 GPU (10 fields, 16 scrapes)", k, () => Gpu(engine, dims, scrapes: 16));
        Report("detection buckets (anomaly)", "1 GPU (10 fields, 4 scrapes)", k, () => Detection(engine, dims, 4));
        var requestDims = RequestDims(pool, k);
        Report("aggregator, 1 window open", "1 deployment (20 requests)", k, () => Requests(engine, requestDims, 20));
        Report("aggregator, 1 window open", "1 deployment (4 requests, latency only: the CLI harness's)", k,
            () => Requests(engine, requestDims, 4, tokens: false));
        Report("detection buckets (anomaly)", "1 deployment (20 requests, 2 s apart)", k,
            () => Requests(engine, requestDims, 20, detection: true));
        Report("caller monitor (security)", "1 deployment (4 requests, 1 caller: the CLI harness's)", k,
            () => Callers(engine, requestDims, 4));
        Report("dedup filter", "per record key (20 records)", k, () => Dedup(k * 20));
        return 0;
    }

    private static void Report(string what, string shape, int k, Func<object> build)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var state = build();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(state);
        Console.WriteLine($"| {what} | {shape} | {(after - before) / (double)k:N0} |");
    }

    private static SeriesDims[] GpuDims(DimsPool pool, int k)
    {
        var dims = new SeriesDims[k];
        for (var i = 0; i < k; i++)
        {
            // Fresh strings like a parser's: host and UUID of each GPU.
            var host = "node-" + (i / 8).ToString("D4", CultureInfo.InvariantCulture);
            var uuid = "GPU-" + i.ToString("D8", CultureInfo.InvariantCulture) + "-df24-b66e-8801-dfc455b74600";
            dims[i] = pool.Intern(new DimsKey(TelemetrySource.DCGM, string.Empty, string.Empty, string.Empty,
                string.Empty, string.Empty, host, uuid));
        }

        return dims;
    }

    private static SeriesDims[] RequestDims(DimsPool pool, int k)
    {
        var dims = new SeriesDims[k];
        for (var i = 0; i < k; i++)
        {
            dims[i] = pool.Intern(new DimsKey(TelemetrySource.AzureOpenAI, "dep-" + i.ToString(CultureInfo.InvariantCulture),
                "gpt-4o", "2024-08-06", "ChatCompletions_Create", "/SUBSCRIPTIONS/X/RESOURCEGROUPS/RG/ACCOUNTS/A", string.Empty,
                string.Empty));
        }

        return dims;
    }

    private static WindowedAggregator Gpu(EngineOptions engine, SeriesDims[] dims, int scrapes)
    {
        var aggregator = new WindowedAggregator(engine.EventTime) { AttachSketches = engine.AttachSketches };
        Feed(aggregator, dims, scrapes);
        return aggregator;
    }

    private static WindowedAggregator Detection(EngineOptions engine, SeriesDims[] dims, int scrapes)
    {
        var aggregator = new WindowedAggregator(engine.DetectionTime, engine.Anomaly.Metrics);
        Feed(aggregator, dims, scrapes);
        return aggregator;
    }

    private static void Feed(WindowedAggregator aggregator, SeriesDims[] dims, int scrapes)
    {
        var random = new Random(12);
        var batch = new TelemetryEvent[dims.Length * GpuFields.Length];
        for (var s = 0; s < scrapes; s++)
        {
            var n = 0;
            foreach (var d in dims)
            {
                foreach (var field in GpuFields)
                {
                    batch[n++] = TelemetryEvent.NewSample(EventKind.GpuSample, T0 + (s * 15_000), d, field,
                        Math.Round(random.NextDouble() * 100, 1));
                }
            }

            aggregator.Process(batch);
        }
    }

    private static WindowedAggregator Requests(EngineOptions engine, SeriesDims[] dims, int perSeries, bool tokens = true,
        bool detection = false)
    {
        var aggregator = detection
            ? new WindowedAggregator(engine.DetectionTime, engine.Anomaly.Metrics) { OnTimeRowsOnly = true }
            : new WindowedAggregator(engine.EventTime) { AttachSketches = engine.AttachSketches };
        var random = new Random(12);
        var batch = new TelemetryEvent[dims.Length];
        for (var r = 0; r < perSeries; r++)
        {
            for (var i = 0; i < dims.Length; i++)
            {
                var e = TelemetryEvent.NewRequest(T0 + (r * 2_000), dims[i]);
                e.Status = 200;
                e.Success = true;
                e.LatencyMs = 200 + (random.NextDouble() * 3000);
                if (tokens)
                {
                    e.TtftMs = 50 + (random.NextDouble() * 400);
                    e.PromptTokens = random.Next(10, 4000);
                    e.CompletionTokens = random.Next(10, 1000);
                }

                e.DedupKey = (ulong)((i * 1000L) + r + 1);
                batch[i] = e;
            }

            aggregator.Process(batch);
        }

        return aggregator;
    }

    private static CallerConsumptionMonitor Callers(EngineOptions engine, SeriesDims[] dims, int perSeries)
    {
        // Every deployment tracked (the default tracks the first 1,024 and counts the rest as untracked).
        var monitor = new CallerConsumptionMonitor(engine.Security with { MaxDeployments = dims.Length });
        var alerts = new List<AlertEvent>();
        for (var r = 0; r < perSeries; r++)
        {
            foreach (var d in dims)
            {
                var e = TelemetryEvent.NewRequest(T0 + (r * 2_000), d);
                e.Detail = "10.20.1.***"; // the masked caller IP, as the AOAI export sends it
                e.Value = 500;
                monitor.Observe(in e, alerts);
            }
        }

        return monitor;
    }

    private static DedupFilter Dedup(int records)
    {
        var filter = new DedupFilter(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(6));
        for (var i = 0; i < records; i++)
        {
            filter.TryAdd((ulong)i + 1, T0 + (i % 60_000));
        }

        return filter;
    }
}
