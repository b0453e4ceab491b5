using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Tests.Incidents;
using AiObsStream.Core.Tests.Versions;
using AiObsStream.Core.Versions;
using AiObsStream.TestKit;
using static AiObsStream.Core.Tests.Incidents.IncidentFeed;

namespace AiObsStream.Core.Tests.State;

/// <summary>
/// Component states written by an earlier build (files under <c>tests/data/checkpoints</c>, written by the codecs of
/// main at c5e003d from the scenarios below) are written again to the byte by this one, and read back: refactoring a
/// state codec must not change its format. A deliberate format change bumps the section version and replaces the file.
/// </summary>
public class StateBytesTests
{
    [Fact]
    public void IncidentCorrelator_SaveState_WritesTheBytesOfTheEarlierBuild()
    {
        var (correlator, resolved) = PopulatedCorrelator();
        Assert.True(correlator.OpenIncidents >= 2, "the scenario leaves incidents open");
        Assert.True(resolved >= 1, "the scenario resolves an incident");

        var again = new IncidentCorrelator(new IncidentOptions(), Minute);
        AssertSameBytes("incident-correlator-v3.bin", correlator.SaveState, again.RestoreState, again.SaveState);
    }

    [Fact]
    public void VersionRegressionEngine_SaveState_WritesTheBytesOfTheEarlierBuild()
    {
        var engine = new VersionRegressionEngine(new RegressionOptions(), VersionRows.WindowMs);
        var alerts = new List<AlertEvent>();
        for (var m = 0; m < 8; m++)
        {
            engine.Process(m < 6 ? VersionRows.Window(m, "2024-08-06", 600, 500 + (5 * m), m) : VersionRows.Window(m, "2024-11-20", 600, 800, 100 + m), alerts);
        }

        Assert.Equal(1, engine.FiringCount);

        var again = new VersionRegressionEngine(new RegressionOptions(), VersionRows.WindowMs);
        AssertSameBytes("version-regression-v1.bin", engine.SaveState, again.RestoreState, again.SaveState);
    }

    /// <summary>
    /// The state as saved equals the file, and the file restored into a fresh instance (<paramref name="restoreFresh"/>,
    /// <paramref name="saveFresh"/>) is read to its end and saved as the file again.
    /// </summary>
    private static void AssertSameBytes(string file, Action<BinaryWriter> save, Action<BinaryReader> restoreFresh, Action<BinaryWriter> saveFresh)
    {
        var expected = File.ReadAllBytes(TestData.Path("checkpoints", file));

        Assert.Equal(expected, Bytes(save));

        using var reader = new BinaryReader(new MemoryStream(expected));
        restoreFresh(reader);
        Assert.Equal(expected.Length, reader.BaseStream.Position);
        Assert.Equal(expected, Bytes(saveFresh));
    }

    private static byte[] Bytes(Action<BinaryWriter> save)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            save(writer);
        }

        return stream.ToArray();
    }

    /// <summary>
    /// A correlator holding every kind of state: load history of two deployments, a host link, GPU utilization, p95
    /// latency per version, a rollout, a pending anomaly, open incidents with signals and evidence numbers, and a
    /// resolved one.
    /// </summary>
    private static (IncidentCorrelator Correlator, int Resolved) PopulatedCorrelator()
    {
        var feed = new IncidentFeed();
        for (var w = 0; w < 6; w++)
        {
            feed.Tick(w, [.. Load(w, "chat-prod", w == 5 ? 300 : 100), .. Load(w, "embed", 50), Gpu(w, "chat-prod", "h1"), Latency(w, "v1", 700)]);
        }

        var first = feed.Rule("latency-p95", MetricNames.LatencyMs, 5, 3000, 1000);
        feed.Tick(5, alerts: [first]);
        feed.Tick(6, [.. Load(6, "chat-prod", 100)], [Resolve(first, 6)]);
        for (var w = 7; w < 14; w++)
        {
            feed.Tick(w, [.. Load(w, "chat-prod", 100), .. Load(w, "embed", 50), Latency(w, "v1", 700)]);
        }

        var rollout = new RolloutEvent(RolloutKind.Rollout, "chat-prod", "v2", "v1", W(14), 0.4);
        feed.Tick(14, [.. Load(14, "chat-prod", 100, version: "v2"), Gpu(14, "chat-prod", "h1"), Latency(14, "v2", 1400)],
            [feed.Rule("latency-p95", MetricNames.LatencyMs, 14, 3000, 1000, version: "v2"), feed.Regression(14, "v2"),
                feed.Rule("latency-p95", MetricNames.LatencyMs, 14, 900, 500, deployment: "embed"), feed.Anomaly("power_w", 15, 300, 200)],
            rollouts: [rollout]);
        return (feed.Correlator, feed.Events.Count(e => e.Status == IncidentStatus.Resolved));
    }

    private static MetricRow Latency(int window, string version, double p95) =>
        Load(window, "chat-prod", 100, version: version)[0] with { Metric = MetricNames.LatencyMs, P95 = p95 };
}
