using AiObsStream.Core.Events;

namespace AiObsStream.Core.State;

/// <summary>
/// The exact binary form of a whole <see cref="TelemetryEvent"/> (every field): events held before aggregation are
/// checkpointed in it, and scale-out's repartition topic carries records in it.
/// </summary>
/// <remarks>A field added to <see cref="TelemetryEvent"/> must be added to both methods, and the versions of the
/// formats that embed events bumped: the ahead guard's checkpoint section and the repartition envelope.</remarks>
public static class EventCodec
{
    /// <summary>Writes every field of <paramref name="e"/>.</summary>
    /// <param name="w">The writer.</param>
    /// <param name="e">The event.</param>
    public static void WriteEvent(BinaryWriter w, in TelemetryEvent e)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.Write(e.TimeUnixMs);
        StateIo.WriteDims(w, e.Dims);
        w.Write((byte)e.Kind);
        w.Write(e.DedupKey);
        w.Write(e.Status);
        w.Write(e.Success);
        w.Write(e.LatencyMs);
        w.Write(e.TtftMs);
        w.Write(e.QueueMs);
        w.Write(e.PromptTokens);
        w.Write(e.CompletionTokens);
        StateIo.WriteNullable(w, e.Metric);
        w.Write(e.Value);
        w.Write(e.Count);
        w.Write(e.Min);
        w.Write(e.Max);
        w.Write(e.Origin);
        StateIo.WriteNullable(w, e.Detail);
    }

    /// <summary>Reads an event written by <see cref="WriteEvent"/>.</summary>
    /// <param name="r">The reader.</param>
    /// <returns>The event; metric names and details take the canonical instances of known names.</returns>
    /// <exception cref="InvalidDataException">No dimensions, or an undefined event kind.</exception>
    /// <exception cref="EndOfStreamException">The data ends inside the event.</exception>
    public static TelemetryEvent ReadEvent(BinaryReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var e = new TelemetryEvent
        {
            TimeUnixMs = r.ReadInt64(),
            Dims = StateIo.ReadDims(r) ?? throw new InvalidDataException("an event without dimensions"),
            Kind = (EventKind)r.ReadByte(),
            DedupKey = r.ReadUInt64(),
            Status = r.ReadInt32(),
            Success = r.ReadBoolean(),
            LatencyMs = r.ReadDouble(),
            TtftMs = r.ReadDouble(),
            QueueMs = r.ReadDouble(),
            PromptTokens = r.ReadDouble(),
            CompletionTokens = r.ReadDouble(),
        };
        StateFrame.Check(Enum.IsDefined(e.Kind), $"event kind {(byte)e.Kind} is undefined");
        e.Metric = StateIo.ReadNullable(r) is { } metric ? StateCodec.Canonical(metric) : null;
        e.Value = r.ReadDouble();
        e.Count = r.ReadDouble();
        e.Min = r.ReadDouble();
        e.Max = r.ReadDouble();
        e.Origin = r.ReadInt64();
        e.Detail = StateIo.ReadNullable(r) is { } detail ? StateCodec.Canonical(detail) : null;
        return e;
    }
}
