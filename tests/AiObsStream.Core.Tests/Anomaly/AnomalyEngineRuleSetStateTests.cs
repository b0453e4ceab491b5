using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Anomaly;
using AiObsStream.Core.Events;
using AiObsStream.Core.Network;
using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Tests.Anomaly;

/// <summary>
/// Checkpoints across rule sets: a checkpoint written before the network throughput rules joined the defaults (main's
/// five rules) restores into the engine with today's defaults, and a rule no longer configured is dropped.
/// </summary>
public class AnomalyEngineRuleSetStateTests
{
    private const long Bucket = 2_000;
    private static readonly SeriesDims Gpu = new DimsPool().Intern(new DimsKey(TelemetrySource.DCGM, "chat", "", "", "", "", "h", "g"));

    private static MetricRow Util(long i) => new()
    {
        WindowStartMs = i * Bucket,
        WindowEndMs = (i + 1) * Bucket,
        Metric = MetricNames.GpuUtil,
        Dims = Gpu,
        ModelVersion = "v",
        Count = 1,
        Sum = Value(i),
        Min = Value(i),
        Max = Value(i),
        Mean = Value(i),
    };

    private static double Value(long i) => i >= 150 ? 95 : 40 + (5 * Math.Sin(i * 0.7));

    private static List<AlertEvent> Feed(AnomalyEngine engine, long from, long to)
    {
        var output = new List<AlertEvent>();
        for (var i = from; i < to; i++)
        {
            engine.EvaluateBucket(i * Bucket, [Util(i)], output);
        }

        return output;
    }

    private static byte[] Save(AnomalyEngine engine)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            engine.SaveState(writer);
        }

        return stream.ToArray();
    }

    private static void Restore(AnomalyEngine engine, byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        engine.RestoreState(reader);
        Assert.Equal(bytes.Length, reader.BaseStream.Position);
    }

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
