using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Windows;
using BenchmarkDotNet.Attributes;

namespace AiObsStream.Benchmarks.Aggregation;

/// <summary>
/// The per-record ingest of <see cref="WindowedAggregator.Process"/> for AOAI requests of one series (one deployment,
/// as the CLI's one-deployment harness file): dedup, window assignment, group lookup and the request slots, one minute
/// of records per operation, then the watermark advance that fires and closes a window.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project benchmarks/AiObsStream.Benchmarks -- --filter '*AggregatorRequest*' --job short</c>
/// (results, before and after, are in the README section of issue #12 and the s13-one report).
/// </remarks>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class AggregatorRequestBenchmarks
{
    private const long T0 = 1_763_809_980_000; // a minute boundary

    private readonly List<MetricRow> _rows = [];
    private WindowedAggregator _aggregator = null!;
    private TelemetryEvent[] _minute = null!;
    private long _start;
    private ulong _key;

    /// <summary>Records per minute.</summary>
    [Params(10_000)]
    public int Records { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var pool = new DimsPool();
        var dims = pool.Intern(new DimsKey(TelemetrySource.AzureOpenAI, "chat-prod", "gpt-4o", "2024-08-06",
            "ChatCompletions_Create", "/SUBSCRIPTIONS/S/ACCOUNTS/A", string.Empty, string.Empty));
        var random = new Random(13);
        _minute = new TelemetryEvent[Records];
        for (var i = 0; i < Records; i++)
        {
            var e = TelemetryEvent.NewRequest(T0, dims);
            e.Status = random.Next(50) == 0 ? 429 : 200;
            e.Success = e.Status == 200;
            e.LatencyMs = 100 + (random.NextDouble() * 900);
            e.Value = random.Next(100, 2000);
            _minute[i] = e;
        }

        _aggregator = new WindowedAggregator(EventTimeOptions.Default);
        _start = T0;
        for (var i = 0; i < 10; i++)
        {
            Minute(); // past the allowed lateness: every minute fires and closes a window, pools filled
        }
    }

    /// <summary>One minute of requests in, then the watermark one minute on.</summary>
    [Benchmark(Description = "process a minute of one-series requests + advance")]
    public int ProcessAndAdvance() => Minute();

    private int Minute()
    {
        var step = 60_000 / _minute.Length;
        for (var i = 0; i < _minute.Length; i++)
        {
            _minute[i].TimeUnixMs = _start + (i * step);
            _minute[i].DedupKey = ++_key; // every record new, as in the harness files
        }

        _aggregator.Process(_minute);
        _start += 60_000;
        _rows.Clear();
        _aggregator.AdvanceWatermark(_start, _rows);
        return _rows.Count;
    }
}
