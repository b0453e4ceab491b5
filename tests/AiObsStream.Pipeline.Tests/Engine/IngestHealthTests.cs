using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using AiObsStream.Pipeline.Engine;

namespace AiObsStream.Pipeline.Tests.Engine;

public class IngestHealthTests
{
    private const long T0 = 1_795_345_920_000; // 2026-11-22T11:12:00Z, a minute boundary
    private const long Minute = 60_000;

    private static (IngestHealth Health, List<InputStats> Stats) Create(bool live, TelemetrySource source = TelemetrySource.AzureOpenAI)
    {
        var health = new IngestHealth(new EngineOptions());
        health.AddInput(live);
        return (health, [new InputStats(live ? "kafka:aoai/0" : "aoai.jsonl") { Source = source }]);
    }

    private static List<MetricRow> OnTime(List<MetricRow> rows, string metric = DefaultRules.IngestRecords) =>
        rows.Where(r => r.Kind == RowKind.OnTime && r.Metric == metric).ToList();

    private static List<AlertEvent> Evaluate(RuleEngine rules, List<MetricRow> rows)
    {
        var alerts = new List<AlertEvent>();
        foreach (var window in OnTime(rows).GroupBy(r => r.WindowStartMs).OrderBy(g => g.Key))
        {
            rules.EvaluateWindow(window.Key, [.. window], alerts);
        }

        return alerts;
    }

    [Fact]
    public void SilentWindows_DefaultRules_FiveOneMinuteWindows() =>
        Assert.Equal(5, new IngestHealth(new EngineOptions()).SilentWindows);

    [Fact]
    public void Rows_CountsByEventTimeWhateverTheOrderRecordsArrive()
    {
        var (health, stats) = Create(live: false);
        foreach (var t in new[] { T0 + (2 * Minute) + 5, T0 + 10, T0 + Minute + 1, T0 + 20, T0 + (2 * Minute) + 9 })
        {
            health.Accepted(0, t);
        }

        var rows = OnTime(health.Rows(long.MaxValue, 0, stats));

        Assert.Equal([(T0, 2L), (T0 + Minute, 1L), (T0 + (2 * Minute), 2L)], rows.Select(r => (r.WindowStartMs, r.Count)));
    }

    [Fact]
    public void Rows_WindowNotFinalYet_NotWrittenUntilWatermarkPassesEndPlusLateness()
    {
        var (health, stats) = Create(live: false);
        health.Accepted(0, T0 + 10);

        Assert.Empty(health.Rows(T0 + (6 * Minute) - 1, 0, stats)); // end + lateness not passed yet
        Assert.Equal(1, Assert.Single(OnTime(health.Rows(T0 + (6 * Minute), 0, stats))).Count);
        Assert.Empty(health.Rows(long.MaxValue, 0, stats)); // reported once
    }

    [Theory]
    [InlineData(3, 0)] // a gap shorter than the silence threshold is not silence and leaves no row
    [InlineData(5, 5)]
    [InlineData(60 * 24 * 90, 5)] // three months: still only the rows that make the rule fire
    public void Rows_GapInsideOneInputsStream_ZeroRowsOnlyForARealGapAndBounded(int emptyWindows, int expectedZeros)
    {
        var (health, stats) = Create(live: false);
        health.Accepted(0, T0);
        health.Accepted(0, T0 + ((emptyWindows + 1) * Minute));

        var rows = OnTime(health.Rows(long.MaxValue, 0, stats));

        Assert.Equal(expectedZeros, rows.Count(r => r.Count == 0));
        Assert.Equal(2, rows.Count(r => r.Count == 1));
    }

    [Fact]
    public void Rows_RejectsWithoutTime_CountedInTheWindowOfTheNewestRecord()
    {
        var (health, stats) = Create(live: false);
        health.Rejected(0, 2); // before any record: held for the first window with data
        health.Accepted(0, T0 + (3 * Minute) + 1);
        health.Rejected(0, 1);

        var rejected = Assert.Single(OnTime(health.Rows(long.MaxValue, 0, stats), DefaultRules.IngestRejected));

        Assert.Equal((T0 + (3 * Minute), 4L, 3.0), (rejected.WindowStartMs, rejected.Count, rejected.Sum));
    }

    [Fact]
    public void Rows_LiveInputSilentInProcessingTime_SilenceFiresKeepsFiringAndResolvesWhenRecordsArrive()
    {
        // Fake processing time: the test says when "now" is.
        var (health, stats) = Create(live: true);
        var rules = new RuleEngine(DefaultRules.Set, new Core.Windows.WindowSpec(TimeSpan.FromMinutes(1)));
        var now = T0;
        for (var s = 0; s < 180; s += 10)
        {
            health.Accepted(0, T0 + (s * 1000));
            health.Arrived(0, now = T0 + (s * 1000));
        }

        var watermark = T0 + (170 * 1000) - 10_000;
        Assert.Empty(Evaluate(rules, health.Rows(watermark, now + (4 * Minute), stats))); // 4 minutes: not yet silent
        Assert.False(health.SilenceDue(now + (4 * Minute), stats));
        Assert.True(health.SilenceDue(now + (5 * Minute), stats));

        var rows = health.Rows(watermark, now + (5 * Minute), stats);
        var firing = Assert.Single(Evaluate(rules, rows));
        Assert.Equal(("ingestion-silence", AlertStatus.Firing, Severity.Critical), (firing.Rule, firing.Status, firing.Severity));
        Assert.Equal(3, OnTime(rows).Count(r => r.Count > 0)); // the open windows are reported first
        Assert.Equal(5, OnTime(rows).Count(r => r.Count == 0));

        var later = health.Rows(watermark, now + (7 * Minute), stats);
        Assert.Equal(2, OnTime(later).Count(r => r.Count == 0)); // one per further minute of silence
        Assert.Empty(Evaluate(rules, later)); // still firing: no new event
        Assert.False(health.SilenceDue(now + (7 * Minute), stats));

        var back = now + (8 * Minute);
        health.Accepted(0, back);
        health.Arrived(0, back);
        var resolved = Evaluate(rules, health.Rows(long.MaxValue, back, stats));
        Assert.Equal(AlertStatus.Resolved, Assert.Single(resolved).Status);
    }

    [Fact]
    public void Rows_ReplayInputNeverSilentInProcessingTime()
    {
        var (health, stats) = Create(live: false);
        health.Accepted(0, T0);

        Assert.False(health.SilenceDue(T0 + (365L * 24 * 60 * Minute), stats));
        Assert.DoesNotContain(health.Rows(T0, T0 + (365L * 24 * 60 * Minute), stats), r => r.Count == 0);
    }

    [Fact]
    public void SaveInputRestoreInput_RoundTrip_SameRowsAfterwards()
    {
        var (health, stats) = Create(live: false);
        health.Accepted(0, T0);
        health.Accepted(0, T0 + (9 * Minute));
        health.Rejected(0, 3);
        _ = health.Rows(T0 + (6 * Minute) + 1, 0, stats);
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            health.SaveInput(w, 0);
        }

        buffer.Position = 0;
        var (restored, _) = Create(live: false);
        restored.RestoreInput(new BinaryReader(buffer), 0, 0);

        Assert.Equal(health.Rows(long.MaxValue, 0, stats), restored.Rows(long.MaxValue, 0, stats));
    }
}
