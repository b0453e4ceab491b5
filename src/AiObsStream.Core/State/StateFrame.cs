using AiObsStream.Core.Events;

namespace AiObsStream.Core.State;

/// <summary>
/// Frames one component's checkpoint section: the <see cref="StateIo"/> header, then the body's length, the body and a
/// <see cref="StableHash64"/> of it, so that truncation or any flipped bit of a section fails with
/// <see cref="InvalidDataException"/> naming the component instead of restoring garbage.
/// </summary>
public static class StateFrame
{
    /// <summary>Largest body accepted on read (a corrupt length must not allocate gigabytes).</summary>
    private const int MaxBodyBytes = 1 << 30;

    /// <summary>Writes a section: header, body length, body (written by <paramref name="body"/>), checksum.</summary>
    public static void Write<TState>(BinaryWriter writer, string tag, byte version, TState state, Action<BinaryWriter, TState> body)
    {
        ArgumentNullException.ThrowIfNull(writer);
        StateIo.WriteHeader(writer, tag, version);
        using var buffer = new MemoryStream();
        using (var inner = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            body(inner, state);
        }

        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        writer.Write(bytes.Length);
        writer.Write(bytes);
        writer.Write(StableHash64.Of(bytes));
    }

    /// <summary>
    /// Reads a section written by <see cref="Write"/> and hands its verified body to <paramref name="body"/>, which must
    /// consume it exactly. Every failure surfaces as <see cref="InvalidDataException"/> naming <paramref name="component"/>.
    /// </summary>
    public static void Read<TState>(BinaryReader reader, string tag, byte version, string component, TState state,
        Action<BinaryReader, TState> body)
    {
        ArgumentNullException.ThrowIfNull(reader);
        try
        {
            StateIo.ReadHeader(reader, tag, version);
            var length = reader.ReadInt32();
            if (length < 0 || length > MaxBodyBytes)
            {
                throw new InvalidDataException($"body length {length} out of range");
            }

            var bytes = reader.ReadBytes(length);
            if (bytes.Length != length)
            {
                throw new EndOfStreamException($"body truncated at {bytes.Length} of {length} bytes");
            }

            if (reader.ReadUInt64() != StableHash64.Of(bytes))
            {
                throw new InvalidDataException("checksum mismatch");
            }

            using var inner = new BinaryReader(new MemoryStream(bytes, writable: false), System.Text.Encoding.UTF8);
            body(inner, state);
            if (inner.BaseStream.Position != length)
            {
                throw new InvalidDataException($"{length - inner.BaseStream.Position} unread bytes at the end of the body");
            }
        }
        catch (Exception ex) when (IsCorruption(ex))
        {
            throw new InvalidDataException($"{component} state ('{tag}' v{version}) is corrupt or incompatible: {ex.Message}", ex);
        }
    }

    /// <summary>Throws <see cref="InvalidDataException"/> unless <paramref name="condition"/> holds.</summary>
    public static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidDataException(what);
        }
    }

    /// <summary>Reads a count and checks it against a sanity bound.</summary>
    public static int ReadCount(BinaryReader reader, string what, int max = 1 << 26)
    {
        var n = reader.ReadInt32();
        Check(n >= 0 && n <= max, $"{what}: count {n} out of range");
        return n;
    }

    private static bool IsCorruption(Exception ex) => ex is EndOfStreamException or InvalidDataException or FormatException
        or ArgumentException or OverflowException or InvalidOperationException or KeyNotFoundException
        or IndexOutOfRangeException or IOException;
}
