// AlertNotifier benchmarks. Run:
//   dotnet run -c Release --project benchmarks/AiObsStream.Benchmarks -- --filter '*AlertNotifierBenchmarks*' --job short
//
// 2026-11-22, shared build VM: AMD EPYC, 2 cores, Debian 12, .NET 10.0.12 (SDK 10.0.401), X64 RyuJIT AVX-512,
// ShortRun (3 iterations), VM loaded (load average about 4 on 2 cores from other work).
//
// | Method                       | Series | Mean     | Error     | StdDev   | Min       | Median   | Gen0     | Gen1     | Allocated |
// |----------------------------- |------- |---------:|----------:|---------:|----------:|---------:|---------:|---------:|----------:|
// | 'Replay 4,320 events (12 h)' | 50     | 10.30 ms | 11.859 ms | 0.650 ms |  9.696 ms | 10.23 ms | 953.1250 | 328.1250 |   2.73 MB |
// | 'Replay 4,320 events (12 h)' | 1000   | 11.09 ms |  5.241 ms | 0.287 ms | 10.826 ms | 11.05 ms | 921.8750 | 437.5000 |   3.46 MB |
//
// About 2.5 us and 650-800 B per alert event, including every group tick (5 min) and keep-firing timer over 12 h of
// event time. Before OrderedMap replaced SortedDictionary (whose enumerator allocates) and before group ticks stopped
// allocating when they send nothing: 19.8 / 26.0 ms median, 10.5 / 13.0 MB.

using AiObsStream.Core.Notifications;
using AiObsStream.Core.Rules;
using BenchmarkDotNet.Attributes;

namespace AiObsStream.Benchmarks.Notifications;

/// <summary>
/// The notifier over a replayed alert stream: <see cref="Series"/> alert series that fire and resolve at random over
/// 12 hours (one event every 10 s of event time), with default options plus one prefix silence.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class AlertNotifierBenchmarks
{
    private const long T0 = 1_763_769_600_000;
    private readonly List<Notification> _output = [];
    private AlertEvent[] _events = [];
    private NotifierOptions _options = new();

    /// <summary>Distinct alert series in the stream.</summary>
    [Params(50, 1000)]
    public int Series { get; set; }

    /// <summary>Builds the stream.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(5);
        string[] rules = ["latency-p95", "ttft-p95", "gpu-xid-critical", "gpu-temperature", "anomaly:latency_ms", "drift:tokens"];
        var open = new AlertEvent?[Series];
        var events = new List<AlertEvent>();
        for (var i = 0; i < 12 * 360; i++)
        {
            var at = T0 + i * 10_000L;
            var s = random.Next(Series);
            if (open[s] is { } firing)
            {
                events.Add(firing with { Status = AlertStatus.Resolved, TimeGeneratedMs = at, EndsAtMs = at });
                open[s] = null;
                continue;
            }

            var rule = rules[s % rules.Length];
            var gpu = rule.StartsWith("gpu", StringComparison.Ordinal);
            open[s] = new AlertEvent
            {
                AlertId = $"{s}@{at}", Rule = rule, Severity = Severity.Warning, Status = AlertStatus.Firing,
                TimeGeneratedMs = at, StartsAtMs = at - 60_000, Value = 1, Threshold = 0, Metric = "m", Statistic = Statistic.Max,
                Source = gpu ? "DCGM" : "AzureOpenAI", Deployment = "dep-" + (s % 20), ModelName = "gpt-4o", ModelVersion = "v" + (s % 3),
                Operation = "", Host = gpu ? "h" + (s % 40) : "", Gpu = "", Summary = rule,
            };
            events.Add(open[s]!);
        }

        _events = [.. events];
        _options = new NotifierOptions { Silences = [new Silence { Id = "d", Rule = "drift:*", EndsAtMs = T0 + 3_600_000 }] };
    }

    /// <summary>Replays the whole stream through a fresh notifier; returns the notification count.</summary>
    [Benchmark(Description = "Replay 4,320 events (12 h)")]
    public int Replay()
    {
        _output.Clear();
        var notifier = new AlertNotifier(_options);
        foreach (var e in _events)
        {
            notifier.OnAlert(e, _output);
        }

        notifier.AdvanceTo(T0 + 13 * 3_600_000L, _output);
        return _output.Count;
    }
}
