using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Anomaly;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Notifications;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Tests.Incidents;
using AiObsStream.Core.Versions;
using AiObsStream.Core.Windows;

namespace AiObsStream.Core.Tests.State;

/// <summary>Truncated, bit-flipped and mismatched checkpoints fail with InvalidDataException naming the component.</summary>
public class StateCorruptionTests
{
    private static readonly Lazy<StatePipeline> Half = new(() =>
    {
        var rules = new RuleSet { Rules = [DefaultRules.Set.Rules[0]] };
        var p = new StatePipeline(rules);
        p.Run(TraceEvents.All, 0, StatePipeline.Batches(TraceEvents.All) / 2);
        return p;
    });

    public static TheoryData<string> Components => ["WatermarkTracker", "WindowedAggregator", "RuleEngine", "AnomalyEngine", "AlertNotifier", "DedupFilter", "IncidentCorrelator"];

    /// <summary>A populated component's bytes and a restore into a fresh instance of the same kind.</summary>
    private static (byte[] Bytes, Action<BinaryReader> Restore) Section(string component)
    {
        var rules = new RuleSet { Rules = [DefaultRules.Set.Rules[0]] };
        var all = Half.Value.SaveToBytes();
        using var reader = new BinaryReader(new MemoryStream(all));
        var tracker = new WatermarkTracker(StatePipeline.Windows.AllowedDisorder);
        var rows = new WindowedAggregator(StatePipeline.Windows);
        var buckets = new WindowedAggregator(StatePipeline.Buckets, StatePipeline.Anomaly.Metrics);
        var ruleEngine = new RuleEngine(rules, StatePipeline.Windows.Window);
        var anomaly = new AnomalyEngine(StatePipeline.Anomaly);
        var notifier = new AlertNotifier();
        var sections = new List<(string, long, long, Action<BinaryReader>)>();
        void Take(string name, Action<BinaryReader> restore, Action<BinaryReader> fresh)
        {
            var start = reader.BaseStream.Position;
            restore(reader);
            sections.Add((name, start, reader.BaseStream.Position, fresh));
        }

        Take("WatermarkTracker", tracker.RestoreState, r => new WatermarkTracker(StatePipeline.Windows.AllowedDisorder).RestoreState(r));
        Take("WindowedAggregator", rows.RestoreState, r => new WindowedAggregator(StatePipeline.Windows).RestoreState(r));
        Take("buckets", buckets.RestoreState, _ => { });
        Take("RuleEngine", ruleEngine.RestoreState, r => new RuleEngine(rules, StatePipeline.Windows.Window).RestoreState(r));
        Take("AnomalyEngine", anomaly.RestoreState, r => new AnomalyEngine(StatePipeline.Anomaly).RestoreState(r));
        Take("AlertNotifier", notifier.RestoreState, r => new AlertNotifier().RestoreState(r));
        if (component == "IncidentCorrelator")
        {
            return (IncidentCorrelatorBytes(), r => new IncidentCorrelator(new IncidentOptions(), IncidentFeed.Minute).RestoreState(r));
        }

        if (component == "DedupFilter")
        {
            var dedup = new DedupFilter(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(50));
            for (var i = 1; i < 500; i++)
            {
                dedup.TryAdd((ulong)i * 7919, i * 1000L);
            }

            using var s = new MemoryStream();
            using (var w = new BinaryWriter(s))
            {
                dedup.SaveState(w);
            }

            return (s.ToArray(), r => new DedupFilter(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(50)).RestoreState(r));
        }

        var (_, from, to, fresh) = sections.Single(x => x.Item1 == component);
        return (all[(int)from..(int)to], fresh);
    }

    /// <summary>A correlator with load history, host links, a rollout, a pending alert and open incidents.</summary>
    private static byte[] IncidentCorrelatorBytes()
    {
        var feed = new IncidentFeed();
        for (var w = 0; w < 6; w++)
        {
            feed.Tick(w, [.. IncidentFeed.Load(w, "chat-prod", w == 5 ? 300 : 100), IncidentFeed.Gpu(w, "chat-prod", "h1")]);
        }

        var rollout = new RolloutEvent(RolloutKind.Rollout, "chat-prod", "v2", "v1", IncidentFeed.W(5), 0.4);
        feed.Tick(5, alerts: [feed.Rule("latency-p95", "latency_ms", 5, 3000, 1000), feed.Regression(5, "v2"), feed.Anomaly("power_w", 6, 300, 200)],
            rollouts: [rollout]);
        using var s = new MemoryStream();
        using (var w = new BinaryWriter(s))
        {
            feed.Correlator.SaveState(w);
        }

        return s.ToArray();
    }

    private static InvalidDataException Restore(Action<BinaryReader> restore, byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        return Assert.Throws<InvalidDataException>(() => restore(reader));
    }

    [Theory]
    [MemberData(nameof(Components))]
    public void RestoreState_Truncated_ThrowsNamingComponent(string component)
    {
        var (bytes, restore) = Section(component);
        foreach (var length in new[] { 0, 3, 5, 9, bytes.Length / 2, bytes.Length - 9, bytes.Length - 1 })
        {
            var ex = Restore(restore, bytes[..length]);
            Assert.Contains(component, ex.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Components))]
    public void RestoreState_BitFlipped_Throws(string component)
    {
        var (bytes, restore) = Section(component);
        var rng = new Random(component.Length);
        for (var trial = 0; trial < 64; trial++)
        {
            var copy = (byte[])bytes.Clone();
            var at = trial < 16 ? trial : rng.Next(copy.Length);
            copy[at] ^= (byte)(1 << rng.Next(8));
            Restore(restore, copy);
        }
    }

    [Theory]
    [MemberData(nameof(Components))]
    public void RestoreState_Intact_ConsumesExactly(string component)
    {
        var (bytes, restore) = Section(component);
        using var reader = new BinaryReader(new MemoryStream(bytes));
        restore(reader);
        Assert.Equal(bytes.Length, reader.BaseStream.Position);
    }

    [Fact]
    public void RestoreState_OtherSection_MessageNamesBothTags()
    {
        var (bytes, _) = Section("AlertNotifier");
        var ex = Restore(r => new RuleEngine(DefaultRules.Set, StatePipeline.Windows.Window).RestoreState(r), bytes);
        Assert.Contains("RuleEngine", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'NTFY' found where 'RULE' was expected", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RestoreState_OtherVersion_MessageNamesSectionAndVersion()
    {
        var (bytes, restore) = Section("WindowedAggregator");
        bytes[4] = 9;
        var ex = Restore(restore, bytes);
        Assert.Contains("'WAGG' has format version 9", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RestoreState_OtherWindowOptions_Throws()
    {
        var (bytes, _) = Section("WindowedAggregator");
        var ex = Restore(r => new WindowedAggregator(EventTimeOptions.Default).RestoreState(r), bytes);
        Assert.Contains("window 20000/10000 ms", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RestoreState_OtherRuleSet_Throws()
    {
        var (bytes, _) = Section("RuleEngine");
        var ex = Restore(r => new RuleEngine(DefaultRules.Set, StatePipeline.Windows.Window).RestoreState(r), bytes);
        Assert.Contains("rules", ex.Message, StringComparison.Ordinal);
    }
}
