using AiObsStream.Core.Anomaly;
using AiObsStream.Core.Events;
using AiObsStream.Core.Network;
using static AiObsStream.Core.Tests.Anomaly.AnomalyCheckpointKit;

namespace AiObsStream.Core.Tests.Anomaly;

/// <summary>
/// Checkpoints across rule sets: a checkpoint written before the network throughput rules joined the defaults (main's
/// five rules) restores into the engine with today's defaults, and a rule no longer configured is dropped.
/// </summary>
public class AnomalyEngineRuleSetStateTests
{
    [Fact]
    public void RestoreState_CheckpointOfTheFormerDefaultRules_KeepsTheirSeries()
    {
        var former = new AnomalyOptions { Rules = [.. AnomalyOptions.Defaults.Where(r => !NetworkMetricNames.IsNetwork(r.Metric))] };
        Assert.Equal(5, former.Rules.Count);
        var old = new AnomalyEngine(former);
        Feed(old, 0, 120);

        var upgraded = new AnomalyEngine(new AnomalyOptions());
        Restore(upgraded, Save(old));

        var expected = Feed(old, 120, 200);
        Assert.NotEmpty(expected); // the jump at 150 fires only with the restored, warmed-up window
        Assert.Equal(expected, Feed(upgraded, 120, 200));
    }

    [Fact]
    public void RestoreState_RuleNoLongerConfigured_DropsItsSeries()
    {
        var all = new AnomalyEngine(new AnomalyOptions());
        Feed(all, 0, 120);

        var withoutGpuUtil = new AnomalyEngine(new AnomalyOptions { Rules = [.. AnomalyOptions.Defaults.Where(r => r.Metric != MetricNames.GpuUtil)] });
        Restore(withoutGpuUtil, Save(all));

        Assert.Empty(Feed(withoutGpuUtil, 120, 200));
    }
}
