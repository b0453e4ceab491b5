using System.Text;
using AiObsStream.Core.Events;
using AiObsStream.Core.State;

namespace AiObsStream.Kafka.ScaleOut;

/// <summary>
/// The value format of repartition messages: a version byte, an <see cref="EnvelopeKind"/> byte, then the payload.
/// Records travel parsed (every <see cref="TelemetryEvent"/> field, dimensions as in checkpoints), so stage 2 does not
/// parse again and a record's bytes are read once, where its dead letters are made.
/// </summary>
/// <remarks>
/// Its own codec rather than the checkpoint's: the topic outlives a release (a rolling upgrade has old and new pods on
/// one topic), so the format is versioned on its own, and a reader refuses a version it does not know instead of
/// misreading it.
/// </remarks>
internal static class EnvelopeCodec
{
    /// <summary>The format version written; readers reject others.</summary>
    public const byte Version = 1;

    private static readonly Dictionary<string, string> KnownNames = BuildKnownNames();

    /// <summary>Encodes records (their <see cref="TelemetryEvent.Origin"/> is the source offset).</summary>
    public static byte[] Records(ReadOnlySpan<TelemetryEvent> events)
    {
        using var buffer = new MemoryStream(64 + (events.Length * 96));
        using (var w = Writer(buffer, EnvelopeKind.Records))
        {
            w.Write(events.Length);
            foreach (ref readonly var e in events)
            {
                WriteEvent(w, in e);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Encodes a punctuation: whether the source is idle, and every input topic's partition count.</summary>
    /// <param name="idle">The source partition is caught up and has been quiet for the idle timeout.</param>
    /// <param name="topics">Every input topic stage 1 consumes, with its partition count: stage 2 waits for all of them.</param>
    public static byte[] Punctuation(bool idle, IReadOnlyList<(string Topic, int Partitions)> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        using var buffer = new MemoryStream(64);
        using (var w = Writer(buffer, EnvelopeKind.Punctuation))
        {
            w.Write(idle);
            w.Write(topics.Count);
            foreach (var (topic, partitions) in topics)
            {
                w.Write(topic);
                w.Write(partitions);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Encodes the dead letters of one source message.</summary>
    public static byte[] DeadLetters(IReadOnlyList<DeadLetter> letters)
    {
        ArgumentNullException.ThrowIfNull(letters);
        using var buffer = new MemoryStream(256);
        using (var w = Writer(buffer, EnvelopeKind.DeadLetters))
        {
            w.Write(letters.Count);
            foreach (var d in letters)
            {
                w.Write(d.Input);
                w.Write(d.Position);
                w.Write((int)d.Reason);
                w.Write(d.Message);
                w.Write(d.RecordIndex);
                w.Write(d.Excerpt);
                w.Write(d.Bytes);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>The kind of an envelope.</summary>
    /// <exception cref="InvalidDataException">Empty, an unknown version or an unknown kind.</exception>
    public static EnvelopeKind KindOf(ReadOnlySpan<byte> value)
    {
        if (value.Length < 2)
        {
            throw new InvalidDataException($"repartition message of {value.Length} bytes has no header");
        }

        if (value[0] != Version)
        {
            throw new InvalidDataException($"repartition message has format version {value[0]}; this build reads version {Version}");
        }

        var kind = (EnvelopeKind)value[1];
        return Enum.IsDefined(kind) ? kind : throw new InvalidDataException($"repartition message has unknown kind {value[1]}");
    }

    /// <summary>Decodes a records envelope, appending its events to <paramref name="into"/>.</summary>
    /// <exception cref="InvalidDataException">Not a records envelope, or truncated.</exception>
    public static void ReadRecords(byte[] value, EventBuffer into)
    {
        ArgumentNullException.ThrowIfNull(into);
        using var r = Reader(value, EnvelopeKind.Records);
        var count = r.ReadInt32();
        Check(count >= 0 && count <= value.Length, $"record count {count}");
        for (var i = 0; i < count; i++)
        {
            into.Add(ReadEvent(r));
        }
    }

    /// <summary>Decodes a punctuation envelope.</summary>
    /// <exception cref="InvalidDataException">Not a punctuation, or truncated.</exception>
    public static (bool Idle, List<(string Topic, int Partitions)> Topics) ReadPunctuation(byte[] value)
    {
        using var r = Reader(value, EnvelopeKind.Punctuation);
        var idle = r.ReadBoolean();
        var count = r.ReadInt32();
        Check(count >= 0 && count <= value.Length, $"topic count {count}");
        var topics = new List<(string, int)>(count);
        for (var i = 0; i < count; i++)
        {
            var topic = r.ReadString();
            var partitions = r.ReadInt32();
            Check(partitions > 0, $"topic {topic} with {partitions} partitions");
            topics.Add((topic, partitions));
        }

        return (idle, topics);
    }

    /// <summary>Decodes a dead-letters envelope.</summary>
    /// <exception cref="InvalidDataException">Not a dead-letters envelope, or truncated.</exception>
    public static List<DeadLetter> ReadDeadLetters(byte[] value)
    {
        using var r = Reader(value, EnvelopeKind.DeadLetters);
        var count = r.ReadInt32();
        Check(count >= 0 && count <= value.Length, $"dead letter count {count}");
        var letters = new List<DeadLetter>(count);
        for (var i = 0; i < count; i++)
        {
            var input = r.ReadString();
            var position = r.ReadInt64();
            var reason = (RejectReason)r.ReadInt32();
            Check(Enum.IsDefined(reason), $"reject reason {(int)reason}");
            letters.Add(new DeadLetter(input, position, reason, r.ReadString(), r.ReadInt32(), r.ReadString(), r.ReadInt64()));
        }

        return letters;
    }

    private static BinaryWriter Writer(MemoryStream buffer, EnvelopeKind kind)
    {
        buffer.WriteByte(Version);
        buffer.WriteByte((byte)kind);
        return new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true);
    }

    private static BinaryReader Reader(byte[] value, EnvelopeKind kind)
    {
        ArgumentNullException.ThrowIfNull(value);
        var actual = KindOf(value);
        Check(actual == kind, $"expected a {kind} envelope, found {actual}");
        return new BinaryReader(new MemoryStream(value, 2, value.Length - 2, writable: false), Encoding.UTF8);
    }

    /// <remarks>Every field, like the checkpoint's held events: a field added to the event must be added here (and the version bumped).</remarks>
    private static void WriteEvent(BinaryWriter w, in TelemetryEvent e)
    {
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

    private static TelemetryEvent ReadEvent(BinaryReader r)
    {
        try
        {
            var e = new TelemetryEvent
            {
                TimeUnixMs = r.ReadInt64(),
                Dims = StateIo.ReadDims(r) ?? throw new InvalidDataException("repartitioned record without dimensions"),
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
            Check(Enum.IsDefined(e.Kind), $"event kind {(byte)e.Kind}");
            e.Metric = Interned(StateIo.ReadNullable(r));
            e.Value = r.ReadDouble();
            e.Count = r.ReadDouble();
            e.Min = r.ReadDouble();
            e.Max = r.ReadDouble();
            e.Origin = r.ReadInt64();
            e.Detail = Interned(StateIo.ReadNullable(r));
            return e;
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("repartitioned record is truncated", ex);
        }
    }

    /// <summary>
    /// The parsers hand out the same string instance for a known metric name (the dcgm-exporter field constants), and
    /// operators may compare them by reference; a decoded name takes that instance (as a checkpoint restore does).
    /// </summary>
    private static string? Interned(string? value) =>
        value is null ? null : KnownNames.TryGetValue(value, out var known) ? known : string.IsInterned(value) ?? value;

    private static Dictionary<string, string> BuildKnownNames()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in typeof(DcgmFields).GetFields())
        {
            if (field.GetRawConstantValue() is string s)
            {
                map[s] = string.Intern(s);
            }
        }

        return map;
    }

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidDataException("repartition message is malformed: " + what);
        }
    }
}
