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
/// Versioned on its own: the topic outlives a release (a rolling upgrade has old and new pods on one topic), so a reader
/// refuses a version it does not know instead of misreading it. A record is encoded by the checkpoint's event codec
/// (<see cref="EventCodec.WriteEvent"/>), so a change there bumps <see cref="Version"/> too.
/// </remarks>
internal static class EnvelopeCodec
{
    /// <summary>The format version written; readers reject others.</summary>
    public const byte Version = 1;

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

    /// <remarks>The checkpoint's codec for held events (every field): a field added to the event is added there, and this
    /// envelope's version bumped.</remarks>
    private static void WriteEvent(BinaryWriter w, in TelemetryEvent e) => EventCodec.WriteEvent(w, in e);

    private static TelemetryEvent ReadEvent(BinaryReader r)
    {
        try
        {
            return EventCodec.ReadEvent(r);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("repartitioned record is truncated", ex);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException("repartition message is malformed: " + ex.Message, ex);
        }
    }

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidDataException("repartition message is malformed: " + what);
        }
    }
}
