using System.Runtime.CompilerServices;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Anomaly;
using AiObsStream.Core.Events;
using AiObsStream.Core.State;
using static AiObsStream.Core.Tests.Anomaly.AnomalyCheckpointKit;

namespace AiObsStream.Core.Tests.Anomaly;

/// <summary>
/// The anomaly engine keeps no bucket row per series (nothing read the one it kept, #12), and a checkpoint written when
/// it did (the row in its place in each series' frame) still restores, to the same state.
/// </summary>
public class AnomalyEngineHeldRowTests
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference EvaluateOne(AnomalyEngine engine, long i)
    {
        var row = Util(i);
        engine.EvaluateBucket(i * Bucket, [row], []);
        return new WeakReference(row);
    }

    /// <summary>
    /// The checkpoint as the engine wrote it when it kept the last bucket row: the one series' empty row marker (the
    /// byte after its LastBucketStart) replaced by that row, the frame's length and checksum made again.
    /// </summary>
    private static byte[] WithLastRow(byte[] checkpoint, long lastBucketStart, MetricRow row)
    {
        using var header = new MemoryStream();
        using (var w = new BinaryWriter(header, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            StateIo.WriteHeader(w, "ANOM", 1); // the frame's header: the same length for every tag and version
        }

        var headerLength = (int)header.Length;
        var bodyLength = BitConverter.ToInt32(checkpoint, headerLength);
        var body = checkpoint.AsSpan(headerLength + 4, bodyLength).ToArray();
        var marker = BitConverter.GetBytes(lastBucketStart).Append((byte)0).ToArray();
        var at = body.AsSpan().IndexOf(marker);
        Assert.True(at >= 0 && body.AsSpan(at + 1).IndexOf(marker) < 0, "the series' LastBucketStart and empty row marker, once");
        using var rowBytes = new MemoryStream();
        using (var w = new BinaryWriter(rowBytes, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            StateCodec.WriteNullableRow(w, row);
        }

        byte[] oldBody = [.. body.AsSpan(0, at + 8), .. rowBytes.ToArray(), .. body.AsSpan(at + 9)];
        return [.. checkpoint.AsSpan(0, headerLength), .. BitConverter.GetBytes(oldBody.Length), .. oldBody, .. BitConverter.GetBytes(StableHash64.Of(oldBody))];
    }

    [Fact]
    public void EvaluateBucket_KeepsNoBucketRow()
    {
        var engine = new AnomalyEngine(new AnomalyOptions());
        Feed(engine, 0, 10);

        var row = EvaluateOne(engine, 10);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(row.IsAlive);
    }

    [Fact]
    public void RestoreState_CheckpointThatHeldTheLastBucketRow_RestoresTheSameState()
    {
        var engine = new AnomalyEngine(new AnomalyOptions());
        Feed(engine, 0, 120);
        var checkpoint = Save(engine);
        var old = WithLastRow(checkpoint, 119 * Bucket, Util(119));
        Assert.True(old.Length > checkpoint.Length);

        var fromNew = new AnomalyEngine(new AnomalyOptions());
        Restore(fromNew, checkpoint);
        var fromOld = new AnomalyEngine(new AnomalyOptions());
        Restore(fromOld, old);

        Assert.Equal(checkpoint, Save(fromOld));
        var expected = Feed(fromNew, 120, 200);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, Feed(fromOld, 120, 200));
    }
}
