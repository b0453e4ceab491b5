using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Versions;

namespace AiObsStream.Core.Tests.Versions;

public class VersionRegressionEngineTests
{
    private const string Old = "2024-08-06";
    private const string New = "2024-11-20";

    private static VersionRegressionEngine Engine() => new(new RegressionOptions(), VersionRows.WindowMs);

    /// <summary>Steady old version for minutes 0..5 (minute 3 a throttled burst), then the new one with the given median.</summary>
    private static IEnumerable<List<MetricRow>> Scenario(double newMedianMs, int newMinutes = 5, double burstMedianMs = 2000)
    {
        for (var m = 0; m < 6; m++)
        {
            yield return m == 3
                ? VersionRows.Window(m, Old, 1800, burstMedianMs, m, http429: 700)
                : VersionRows.Window(m, Old, 600, 500 + (5 * m), m);
        }

        for (var m = 6; m < 6 + newMinutes; m++)
        {
            yield return VersionRows.Window(m, New, 600, newMedianMs, 100 + m);
        }
    }

    private static List<AlertEvent> Run(VersionRegressionEngine engine, IEnumerable<List<MetricRow>> windows)
    {
        var alerts = new List<AlertEvent>();
        foreach (var rows in windows)
        {
            engine.Process(rows, alerts);
        }

        return alerts;
    }

    [Fact]
    public void Process_LeavesTheRowsSketchesUnchanged_WhenRowsOfOneVersionAreMerged()
    {
        // Two windows' rows relabelled into one window: two latency rows of one deployment and version, as two operations give.
        var first = VersionRows.Window(0, Old, 300, 500, 1);
        var second = VersionRows.Window(0, Old, 200, 900, 2);
        var rows = first.Concat(second).ToList();
        var before = rows.Select(r => r.Sketch is null ? null : Bytes(r.Sketch)).ToList();

        var engine = Engine();
        engine.Process(rows, []);
        engine.Process(VersionRows.Window(1, Old, 300, 500, 3), []);

        Assert.Equal(before, rows.Select(r => r.Sketch is null ? null : Bytes(r.Sketch)).ToList());
    }

    private static byte[] Bytes(Core.Sketches.DDSketch sketch)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        sketch.WriteTo(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    [Fact]
    public void Process_SlowerNewVersion_FiresInItsFirstWindowNamingLatency()
    {
        var engine = Engine();
        var alerts = Run(engine, Scenario(newMedianMs: 800));

        var firing = Assert.Single(alerts);
        Assert.Equal((RegressionOptions.RuleName, AlertStatus.Firing, New), (firing.Rule, firing.Status, firing.ModelVersion));
        Assert.Equal((6 * 60_000L, 7 * 60_000L), (firing.StartsAtMs, firing.TimeGeneratedMs));
        Assert.Equal("chat", firing.Deployment);
        Assert.Equal("latency_ms", firing.Metric);
        Assert.InRange(firing.Value, 0.4, 0.8);
        Assert.Contains("against " + Old, firing.Summary, StringComparison.Ordinal);
        Assert.Equal(1, engine.FiringCount);
        Assert.Contains(engine.Rollouts, e => e.Kind == RolloutKind.Rollout && e.Version == New && e.PreviousVersion == Old);
    }

    [Fact]
    public void Process_EquallyFastNewVersion_DoesNotFire()
    {
        Assert.Empty(Run(Engine(), Scenario(newMedianMs: 520)));
    }

    [Fact]
    public void Process_BurstInBaseline_NeitherHidesNorInventsARegression()
    {
        // The throttled burst (4x latency, 39 % 429s, 3x load) is left out: an equal version stays quiet even when the burst
        // is fast, and a 30 % slower one still fires although the burst was much slower than it.
        Assert.Empty(Run(Engine(), Scenario(newMedianMs: 520, burstMedianMs: 100)));
        Assert.Single(Run(Engine(), Scenario(newMedianMs: 680, burstMedianMs: 5000)));
    }

    [Fact]
    public void Process_RollbackToPreviousVersion_Resolves()
    {
        var engine = Engine();
        var windows = Scenario(newMedianMs: 800, newMinutes: 2).Append(VersionRows.Window(8, Old, 600, 500, 8));

        var alerts = Run(engine, windows);

        Assert.Equal([AlertStatus.Firing, AlertStatus.Resolved], alerts.Select(a => a.Status));
        Assert.Equal(alerts[0].AlertId, alerts[1].AlertId);
        Assert.Equal(8 * 60_000L, alerts[1].EndsAtMs);
        Assert.Contains("rolled back", alerts[1].Summary, StringComparison.Ordinal);
        Assert.Equal(0, engine.FiringCount);
    }

    [Fact]
    public void Process_NewVersionRecovers_ResolvesAfterCleanEvaluations()
    {
        var options = new RegressionOptions { CandidateWindows = 1, RecoveryEvaluations = 2 };
        var engine = new VersionRegressionEngine(options, VersionRows.WindowMs);
        var windows = Scenario(newMedianMs: 800, newMinutes: 2)
            .Concat(Enumerable.Range(8, 3).Select(m => VersionRows.Window(m, New, 600, 510, 200 + m)));

        var alerts = Run(engine, windows);

        Assert.Equal([AlertStatus.Firing, AlertStatus.Resolved], alerts.Select(a => a.Status));
        Assert.Equal(10 * 60_000L, alerts[1].TimeGeneratedMs); // clean at minutes 8 and 9
        Assert.Contains("recovered", alerts[1].Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void SaveState_RestoreState_ContinuesWithIdenticalAlertsAndState()
    {
        var windows = Scenario(newMedianMs: 800, newMinutes: 2).Append(VersionRows.Window(8, Old, 600, 500, 8)).ToList();
        var original = Engine();
        Run(original, windows.Take(7));
        using var stream = new MemoryStream();
        original.SaveState(new BinaryWriter(stream));
        var saved = stream.ToArray();
        var restored = Engine();
        restored.RestoreState(new BinaryReader(new MemoryStream(saved)));
        using var again = new MemoryStream();
        restored.SaveState(new BinaryWriter(again));

        Assert.Equal(saved, again.ToArray());
        Assert.Equal(original.FiringCount, restored.FiringCount);
        Assert.Equal(Run(original, windows.Skip(7)), Run(restored, windows.Skip(7)));
    }

    [Fact]
    public void RestoreState_OtherSection_FailsWithClearMessage()
    {
        using var stream = new MemoryStream();
        AiObsStream.Core.State.StateIo.WriteHeader(new BinaryWriter(stream), "RULE", 1);
        stream.Position = 0;

        var ex = Assert.Throws<InvalidDataException>(() => Engine().RestoreState(new BinaryReader(stream)));
        Assert.Contains("VREG", ex.Message, StringComparison.Ordinal);
    }
}
