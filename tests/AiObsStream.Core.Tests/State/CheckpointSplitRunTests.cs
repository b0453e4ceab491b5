using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace AiObsStream.Core.Tests.State;

/// <summary>
/// Split-run equivalence on the real trace: run a prefix, SaveState every component, RestoreState into fresh
/// instances, run the suffix; every row (kinds, revisions, sketches), alert (AlertId, status, times) and notification
/// must equal the uninterrupted run's byte for byte (doubles bit-exact).
/// </summary>
public class CheckpointSplitRunTests(ITestOutputHelper output)
{
    private static readonly Lazy<(RuleSet Rules, List<byte[]> Outputs)> Baseline = new(BuildBaseline);

    private static TelemetryEvent[] Events => TraceEvents.All;

    /// <summary>Rules whose thresholds sit inside this trace's range, so incidents fire, escalate and resolve.</summary>
    private static RuleSet RulesFor(List<MetricRow> rows)
    {
        double Quantile(string metric, Func<MetricRow, double> stat, double q)
        {
            var values = rows.Where(r => r.Metric == metric).Select(stat).Where(double.IsFinite).Order().ToList();
            return values[(int)(q * (values.Count - 1))];
        }

        RuleDefinition Rule(string name, string metric, Statistic statistic, Func<MetricRow, double> stat) => new()
        {
            Name = name,
            Metric = metric,
            Statistic = statistic,
            Warning = Quantile(metric, stat, 0.6),
            Critical = Quantile(metric, stat, 0.85),
            NoDataResolveAfter = TimeSpan.FromSeconds(30),
        };

        return new RuleSet
        {
            Rules =
            [
                Rule("latency-p95", MetricNames.LatencyMs, Statistic.P95, r => r.P95),
                Rule("requests-rate", MetricNames.Requests, Statistic.Rate, r => r.Rate),
                Rule("gpu-util", MetricNames.GpuUtil, Statistic.Mean, r => r.Mean),
                Rule("power", MetricNames.PowerW, Statistic.Max, r => r.Max) with { Sustain = TimeSpan.FromSeconds(20) },
            ],
        };
    }

    private static (RuleSet, List<byte[]>) BuildBaseline()
    {
        var probe = new StatePipeline(new RuleSet { Rules = [] });
        probe.Run(Events, 0, StatePipeline.Batches(Events));
        var rules = RulesFor(probe.OnTimeRows);
        var full = new StatePipeline(rules);
        full.Run(Events, 0, StatePipeline.Batches(Events));
        return (rules, full.Outputs);
    }

    private static List<byte[]> SplitRun(params int[] splits)
    {
        var rules = Baseline.Value.Rules;
        var pipeline = new StatePipeline(rules);
        var outputs = new List<byte[]>();
        var from = 0;
        foreach (var split in splits.Append(StatePipeline.Batches(Events)))
        {
            pipeline.Run(Events, from, split);
            from = split;
            outputs.AddRange(pipeline.Outputs);
            pipeline.Outputs.Clear();
            var bytes = pipeline.SaveToBytes();
            pipeline = new StatePipeline(rules);
            using var reader = new BinaryReader(new MemoryStream(bytes));
            pipeline.Restore(reader);
            Assert.Equal(bytes.Length, reader.BaseStream.Position);
        }

        return outputs;
    }

    private static bool SameOutputs(List<byte[]> expected, List<byte[]> actual) =>
        expected.Count == actual.Count && expected.Zip(actual).All(p => p.First.AsSpan().SequenceEqual(p.Second));

    [Fact]
    public void Baseline_Trace_ProducesRowsAlertsAndNotifications()
    {
        var (_, outputs) = Baseline.Value;
        output.WriteLine($"{Events.Length} events, {StatePipeline.Batches(Events)} batches, {outputs.Count} outputs");
        Assert.True(outputs.Count > 1000, "the trace must exercise the components");
        var probe = new StatePipeline(Baseline.Value.Rules);
        probe.Run(Events, 0, StatePipeline.Batches(Events));
        Assert.Equal(outputs.Count, probe.Outputs.Count); // the run itself is deterministic
        output.WriteLine($"alerts {probe.Counts.Alerts} (firing {probe.Counts.Firing}), notifications {probe.Counts.Notifications}");
        Assert.True(probe.Counts.Firing >= 5 && probe.Counts.Alerts > probe.Counts.Firing && probe.Counts.Notifications >= 3);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(20)]
    [InlineData(33)]
    [InlineData(50)]
    public void SplitRun_AtBatch_EqualsUninterrupted(int split)
    {
        Assert.InRange(split, 1, StatePipeline.Batches(Events) - 1);
        var expected = Baseline.Value.Outputs;
        var actual = SplitRun(split);
        var firstDiff = Enumerable.Range(0, Math.Min(expected.Count, actual.Count))
            .FirstOrDefault(i => !expected[i].AsSpan().SequenceEqual(actual[i]), -1);
        Assert.True(SameOutputs(expected, actual), $"outputs differ at {firstDiff} (counts {expected.Count} vs {actual.Count})");
    }

    [Fact]
    public void SplitRun_ManyCheckpoints_EqualsUninterrupted()
    {
        var batches = StatePipeline.Batches(Events);
        var splits = Enumerable.Range(1, batches - 1).Where(b => b % 3 == 0).ToArray();
        Assert.True(SameOutputs(Baseline.Value.Outputs, SplitRun(splits)));
    }

    [Fact]
    public void SplitRun_AnySplitPoint_EqualsUninterrupted()
    {
        var batches = StatePipeline.Batches(Events);
        Prop.ForAll(Gen.Choose(1, batches - 1).ToArbitrary(), split => SameOutputs(Baseline.Value.Outputs, SplitRun(split)))
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void SaveState_TwiceAndAfterRestore_IdenticalBytes()
    {
        var pipeline = new StatePipeline(Baseline.Value.Rules);
        pipeline.Run(Events, 0, StatePipeline.Batches(Events) / 2);
        var first = pipeline.SaveToBytes();
        Assert.Equal(first, pipeline.SaveToBytes());
        var restored = new StatePipeline(Baseline.Value.Rules);
        using var reader = new BinaryReader(new MemoryStream(first));
        restored.Restore(reader);
        Assert.Equal(first, restored.SaveToBytes());
    }
}
