using AiObsStream.Core.Events;
using AiObsStream.Core.State;

namespace AiObsStream.Core.Tests.State;

/// <summary>The one binary form of a whole event, shared by the ahead guard's checkpoint and the repartition topic.</summary>
public sealed class EventCodecTests
{
    private static readonly SeriesDims Dims = DimsPool.Shared.Intern(new DimsKey(TelemetrySource.DCGM, "chat", "", "aks-gpu-0", "1", "", "", ""));

    [Fact]
    public void RoundTrip_KeepsEveryField_AndTheKnownNameInstances()
    {
        var metric = new string(DcgmFields.GpuUtil.AsSpan()); // an equal string, not the constant's instance
        var e = TelemetryEvent.NewSample(EventKind.GpuSample, 1_700_000_000_123, Dims, metric, 42.5) with
        {
            DedupKey = 0xDEADBEEFCAFEUL, Status = 429, Success = false, LatencyMs = 1.5, TtftMs = 2.5, QueueMs = 3.5,
            PromptTokens = 10, CompletionTokens = 20, Count = 3, Min = -1, Max = 99, Origin = 1234, Detail = "xid",
        };
        var back = RoundTrip(e);
        Assert.Equal(
            (e.TimeUnixMs, e.Dims, e.Kind, e.DedupKey, e.Status, e.Success, e.LatencyMs, e.TtftMs, e.QueueMs, e.PromptTokens, e.CompletionTokens),
            (back.TimeUnixMs, back.Dims, back.Kind, back.DedupKey, back.Status, back.Success, back.LatencyMs, back.TtftMs, back.QueueMs, back.PromptTokens, back.CompletionTokens));
        Assert.Equal((e.Metric, e.Value, e.Count, e.Min, e.Max, e.Origin, e.Detail), (back.Metric, back.Value, back.Count, back.Min, back.Max, back.Origin, back.Detail));
        Assert.Same(DcgmFields.GpuUtil, back.Metric);
    }

    [Fact]
    public void Read_UndefinedKind_RefusedNamingIt()
    {
        var bytes = Bytes(TelemetryEvent.NewRequest(1, Dims));
        var kindAt = bytes.Length - KindFromEnd();
        bytes[kindAt] = 250;
        var ex = Assert.Throws<InvalidDataException>(() => EventCodec.ReadEvent(new BinaryReader(new MemoryStream(bytes))));
        Assert.Contains("event kind 250", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Truncated_EndOfStream()
    {
        var bytes = Bytes(TelemetryEvent.NewRequest(1, Dims));
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            Assert.ThrowsAny<IOException>(() => EventCodec.ReadEvent(new BinaryReader(new MemoryStream(bytes[..cut]))));
        }
    }

    [Fact]
    public void NullArguments_Refused()
    {
        Assert.Throws<ArgumentNullException>(() => EventCodec.WriteEvent(null!, TelemetryEvent.NewRequest(1, Dims)));
        Assert.Throws<ArgumentNullException>(() => EventCodec.ReadEvent(null!));
    }

    // The kind byte follows the dimensions; everything after it has a fixed size for an event without metric or detail:
    // kind 1, dedup 8, status 4, success 1, five doubles 40, metric flag 1, four doubles 32, origin 8, detail flag 1.
    private static int KindFromEnd() => 1 + 8 + 4 + 1 + 40 + 1 + 32 + 8 + 1;

    private static byte[] Bytes(in TelemetryEvent e)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            EventCodec.WriteEvent(w, in e);
        }

        return buffer.ToArray();
    }

    private static TelemetryEvent RoundTrip(in TelemetryEvent e) =>
        EventCodec.ReadEvent(new BinaryReader(new MemoryStream(Bytes(in e))));
}
