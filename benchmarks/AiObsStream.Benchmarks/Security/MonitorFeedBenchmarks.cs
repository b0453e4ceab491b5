// The event monitors behind the sequencer (callers, dependencies, access) as a one-deployment Azure OpenAI stream feeds
// them: every request event is held in the reorder buffer, then handed to the caller and dependency monitors in event
// time. Run:
//   dotnet run -c Release --project benchmarks/AiObsStream.Benchmarks -- --filter '*MonitorFeedBenchmarks*' --job short
// Per event = Mean / 20,000. Results in the file's history and in the README (#12).

using AiObsStream.Core.Events;
using AiObsStream.Core.Network;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Security;
using BenchmarkDotNet.Attributes;

namespace AiObsStream.Benchmarks.Security;

/// <summary>
/// 20,000 Azure OpenAI request events of one deployment (147 per second, ten masked caller addresses, as the CLI
/// harness's one-deployment file) offered to a <see cref="MonitorFeed"/> with the default monitors, with a punctuation
/// every 1,000 events whose watermark trails the newest time by 5 s.
/// </summary>
[MemoryDiagnoser]
public class MonitorFeedBenchmarks
{
    private const int Events = 20_000;
    private const int PerPunctuation = 1_000;
    private const long T0 = 1_763_810_000_000;

    private readonly TelemetryEvent[] _events = new TelemetryEvent[Events];
    private readonly List<AlertEvent> _alerts = [];

    [GlobalSetup]
    public void Setup()
    {
        var pool = new DimsPool();
        var dims = pool.Intern(new DimsKey(TelemetrySource.AzureOpenAI, "chat-prod", "gpt-4o", "2024-08-06",
            "ChatCompletions_Create", "/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.COGNITIVESERVICES/ACCOUNTS/A", "", ""));
        var callers = Enumerable.Range(0, 10).Select(i => $"10.20.{i}.***").ToArray();
        var random = new Random(7);
        for (var i = 0; i < Events; i++)
        {
            var e = TelemetryEvent.NewRequest(T0 + (long)(i / 147.0 * 1000), dims);
            e.Status = 200;
            e.Success = true;
            e.Detail = callers[random.Next(callers.Length)];
            e.Value = random.Next(200, 901);
            e.LatencyMs = random.Next(100, 1000);
            _events[i] = e;
        }
    }

    /// <summary>Offers every event and advances the watermark every 1,000 events, then to the end.</summary>
    [Benchmark(Description = "monitor feed, 20,000 request events")]
    public int Feed()
    {
        var feed = new MonitorFeed(new CallerConsumptionMonitor(new CallerMonitorOptions()),
            new DependencyLatencyMonitor(new DependencyMonitorOptions()), new AccessMonitor(new AccessMonitorOptions()));
        _alerts.Clear();
        for (var i = 0; i < _events.Length; i++)
        {
            feed.Offer(in _events[i]);
            if ((i + 1) % PerPunctuation == 0)
            {
                feed.AdvanceWatermark(_events[i].TimeUnixMs - 5_000, _alerts);
            }
        }

        feed.AdvanceWatermark(long.MaxValue, _alerts);
        return _alerts.Count;
    }
}
