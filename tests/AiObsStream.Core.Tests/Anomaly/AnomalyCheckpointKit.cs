using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Anomaly;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Tests.Anomaly;

/// <summary>
/// One GPU's utilization in 2-second buckets (a jump to 95 at bucket 150), fed to an engine, and the engine's
/// checkpoint saved and restored: shared by the checkpoint tests.
/// </summary>
internal static class AnomalyCheckpointKit
{
    public const long Bucket = 2_000;
    private static readonly SeriesDims Gpu = new DimsPool().Intern(new DimsKey(TelemetrySource.DCGM, "chat", "", "", "", "", "h", "g"));

    public static MetricRow Util(long i) => new()
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

    public static List<AlertEvent> Feed(AnomalyEngine engine, long from, long to)
    {
        var output = new List<AlertEvent>();
        for (var i = from; i < to; i++)
        {
            engine.EvaluateBucket(i * Bucket, [Util(i)], output);
        }

        return output;
    }

    public static byte[] Save(AnomalyEngine engine)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            engine.SaveState(writer);
        }

        return stream.ToArray();
    }

    /// <summary>Restores <paramref name="bytes"/>, which must be read to their end.</summary>
    public static void Restore(AnomalyEngine engine, byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        engine.RestoreState(reader);
        Assert.Equal(bytes.Length, reader.BaseStream.Position);
    }

    private static double Value(long i) => i >= 150 ? 95 : 40 + (5 * Math.Sin(i * 0.7));
}
