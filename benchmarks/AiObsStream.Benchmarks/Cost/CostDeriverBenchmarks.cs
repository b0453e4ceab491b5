using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Cost;
using AiObsStream.Core.Events;
using BenchmarkDotNet.Attributes;

namespace AiObsStream.Benchmarks.Cost;

// Results (2026-11-22, BenchmarkDotNet v0.14.0, Debian 12, AMD EPYC 2 cores shared, load average ~27 during the run,
// .NET 10.0.12, ShortRun, in-process: the out-of-process build timed out at 120 s on the loaded machine):
//   dotnet run -c Release --project benchmarks/AiObsStream.Benchmarks -- --filter '*CostDeriver*' --job short --inProcess
//
// | Method     | Mean     | Error    | StdDev    | Allocated |
// |----------- |---------:|---------:|----------:|----------:|
// | DeriveTick | 1.364 ms | 7.153 ms | 0.3921 ms |   3.55 KB |
//
// A second run gave 1.642 ms ± 15.5 ms: the machine was saturated, so read this as "about 1-2 ms per 2,512-row tick,
// i.e. < 1 µs per row", not a precise figure. Before casting enums in CostInputOrder (Enum.CompareTo(object) boxes),
// the same tick allocated 576 KB; now 3.55 KB (the cost rows themselves). Most of the time is the deterministic sort
// of the 664 input rows (string comparisons), which keeps floating-point sums independent of partition order.
//
// 2026-12-02 (issue #12, the per-row cost after aggregation), same VM at load average 20-37, ShortRun, in-process, two
// runs each side; before = 461213b with this file, after = the keyed input sort (CostInputSorter), GPU series priced
// without sorting them, each series' physical GPU cached and the GPUs ordered by ranks kept across ticks:
//
// | Method             | before: Mean / Median            | after: Mean / Median           | before → after Allocated |
// |------------------- |---------------------------------:|-------------------------------:|-------------------------:|
// | DeriveTick         | 6.05 ms / - ; 21.15 / 23.73 ms   | 48.44 ms / - ; 52.23 / 29.82 ms | 98-128 KB → 81-110 KB    |
// | DeriveGpuFleetTick | 954.9 ms / - ; 1,475 / 559.5 ms  | 344.1 ms / - ; 321.1 / 321.5 ms | 1,380 KB → 9.73 KB       |
//
// The GPU fleet tick (50,000 rows re-pricing a live window, the steady state of the gpu.prom run) takes about half the
// time (11-19 µs → 6-7 µs per row at that load) and allocates 140x less (27.6 → 0.2 bytes per row: no SortedDictionary
// node and List per GPU per window). DeriveTick's times are noise at that load (a third "after" run: median 0.63 ms);
// its allocation is dominated by the closing window's per-series dictionary on both sides and varied by 30 KB between
// runs of the same code.
//
// 2026-12-04 (#12, GPU rows without the input sort: CostDeriver.Gpu.cs), load average 38-41 from four engineers' builds
// and tests, ShortRun, in-process, base (main 6cbd801) and new run alternately, twice; Mean (the machine's load makes
// the error columns meaningless, the order of magnitude is the figure):
//
// | Method             | base: run 1 / run 2   | new: run 1 / run 2   | Allocated base → new |
// |------------------- |----------------------:|---------------------:|---------------------:|
// | DeriveGpuFleetTick | 90.52 ms / 242.9 ms   | 16.53 ms / 39.81 ms  | 6.5-9.7 KB → 7.0-7.3 KB |
//
// About 5-6x less per 50,000-row tick: no sort of the GPU rows, and one Series lookup per GPU instead of one per row.

/// <summary>
/// Per-tick cost derivation over a realistic tick: 200 request series × 10 metrics (of which 3 are cost inputs) plus
/// 64 GPUs × 8 metrics, all Final (one window closing), i.e. 2,512 rows in, ~6 cost rows out; and a GPU fleet tick
/// (5,000 GPUs × 10 fields, on time, 50,000 rows) re-pricing its live window.
/// </summary>
[MemoryDiagnoser]
public class CostDeriverBenchmarks
{
    private static readonly string[] RequestMetrics =
    [
        MetricNames.Requests, MetricNames.LatencyMs, MetricNames.TtftMs, MetricNames.QueueMs, MetricNames.Http429,
        MetricNames.Errors, MetricNames.TokensPrompt, MetricNames.TokensCompletion, MetricNames.TokensTotal, MetricNames.TokensPerSecond,
    ];

    private static readonly string[] GpuMetrics =
    [
        MetricNames.GpuUtil, MetricNames.MemCopyUtil, MetricNames.FbUsedPct, MetricNames.GpuTempC, MetricNames.PowerW,
        MetricNames.SmClockMhz, MetricNames.Xid, MetricNames.XidCritical,
    ];

    private static readonly string[] FleetMetrics =
    [
        MetricNames.GpuUtil, MetricNames.MemCopyUtil, MetricNames.FbUsedPct, MetricNames.GpuTempC, MetricNames.PowerW,
        MetricNames.SmClockMhz, MetricNames.EccDbe, MetricNames.EccSbe, MetricNames.Xid, MetricNames.XidCritical,
    ];

    private readonly List<MetricRow> _rows = [];
    private readonly List<MetricRow> _fleet = [];
    private readonly List<MetricRow> _output = [];
    private CostDeriver _deriver = null!;
    private CostDeriver _fleetDeriver = null!;

    [GlobalSetup]
    public void Setup()
    {
        var pool = new DimsPool();
        const long start = 1_795_345_920_000;
        for (var s = 0; s < 200; s++)
        {
            var dims = pool.Intern(new DimsKey(TelemetrySource.AppInsights, "chat-" + (s % 3), "gpt-4o", s % 2 == 0 ? "2024-08-06" : "2024-11-20",
                "op" + s, "r", string.Empty, string.Empty));
            foreach (var m in RequestMetrics)
            {
                _rows.Add(Row(start, m, dims, dims.ModelVersion));
            }
        }

        for (var g = 0; g < 64; g++)
        {
            var dims = pool.Intern(new DimsKey(TelemetrySource.DCGM, "vllm", string.Empty, string.Empty, string.Empty, string.Empty, "node" + (g / 8), "GPU-" + g));
            foreach (var m in GpuMetrics)
            {
                _rows.Add(Row(start, m, dims, "r1"));
            }
        }

        // the GPU fleet of the gpu.prom workload: 5,000 GPUs x 10 DCGM fields, on-time rows of one window, arrival order
        // of two partitions; the window is live, so every later tick re-prices it (the steady state of a GPU stream)
        var byPartition = new List<MetricRow>[] { [], [] };
        for (var g = 0; g < 5_000; g++)
        {
            var dims = pool.Intern(new DimsKey(TelemetrySource.DCGM, "vllm-" + (g % 40), string.Empty, string.Empty, string.Empty,
                string.Empty, "node-" + (g / 8), $"GPU-5d3e9f0a-1b2c-4d5e-8f90-a1b2c3d4{g:x4}"));
            foreach (var m in FleetMetrics)
            {
                byPartition[(int)(dims.StableHash % 2)].Add(Row(start, m, dims, "r1") with { Kind = RowKind.OnTime });
            }
        }

        _fleet.AddRange(byPartition[0]);
        _fleet.AddRange(byPartition[1]);
        var options = new PricingOptions
        {
            GpuModel = "H100",
            GpuPrices = [new GpuPrice { GpuModel = "H100", EffectiveFromMs = 0, UsdPerHour = 12 }],
        };
        _deriver = new CostDeriver(options);
        _fleetDeriver = new CostDeriver(options);
        _fleetDeriver.Derive(_fleet, _output);
    }

    [Benchmark]
    public int DeriveTick()
    {
        _output.Clear();
        _deriver.Derive(_rows, _output);
        return _output.Count;
    }

    /// <summary>A 50,000-row GPU fleet tick re-pricing its live window (per row = Mean / 50,000).</summary>
    [Benchmark]
    public int DeriveGpuFleetTick()
    {
        _output.Clear();
        _fleetDeriver.Derive(_fleet, _output);
        return _output.Count;
    }

    private static MetricRow Row(long start, string metric, SeriesDims dims, string version) => new()
    {
        WindowStartMs = start, WindowEndMs = start + 60_000, Metric = metric, Dims = dims, ModelVersion = version,
        Count = 12, Sum = 3456, Min = 1, Max = 900, Mean = 288, Kind = RowKind.Final,
    };
}
