using System.Buffers.Binary;
using System.Text;
using Confluent.Kafka;

namespace AiObsStream.Kafka.ScaleOut;

/// <summary>
/// The headers every repartition message carries: which source partition and offset it comes from and how far that
/// source partition's event time had got. Stage 2 de-duplicates on (source, offset) and computes its watermark from
/// the event times; headers (not the value) so that a tool can read them without knowing the value's format.
/// </summary>
internal static class RepartitionHeaders
{
    /// <summary>The source partition, <c>topic/partition</c> (UTF-8).</summary>
    public const string Source = "aiobs-src";

    /// <summary>The source offset (the message the envelope was derived from; for a punctuation the last one covered), int64 big-endian.</summary>
    public const string Offset = "aiobs-src-offset";

    /// <summary>The largest event time the source partition had shown up to that offset (Unix ms), int64 big-endian.</summary>
    public const string EventTime = "aiobs-src-time";

    /// <summary>Builds the three headers.</summary>
    public static Headers Create(string source, long offset, long eventTime)
    {
        var headers = new Headers
        {
            { Source, Encoding.UTF8.GetBytes(source) },
            { Offset, Int64(offset) },
            { EventTime, Int64(eventTime) },
        };
        return headers;
    }

    /// <summary>Reads the three headers; false when one is missing or malformed (a message not written by stage 1).</summary>
    public static bool TryRead(Headers? headers, out string source, out long offset, out long eventTime)
    {
        source = string.Empty;
        offset = -1;
        eventTime = long.MinValue;
        if (headers is null
            || !headers.TryGetLastBytes(Source, out var s) || s is null || s.Length == 0
            || !headers.TryGetLastBytes(Offset, out var o) || o is not { Length: 8 }
            || !headers.TryGetLastBytes(EventTime, out var t) || t is not { Length: 8 })
        {
            return false;
        }

        source = Encoding.UTF8.GetString(s);
        offset = BinaryPrimitives.ReadInt64BigEndian(o);
        eventTime = BinaryPrimitives.ReadInt64BigEndian(t);
        return true;
    }

    private static byte[] Int64(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        return bytes;
    }
}
