namespace AiObsStream.Core.Sketches;

/// <summary>LEB128 variable-length integers (7 bits a byte, low first) and zig-zag signed encoding.</summary>
/// <remarks>Used by the sketch checkpoint format; readers never throw on any input.</remarks>
internal static class VarInt
{
    /// <summary>The most bytes one 64-bit value takes.</summary>
    public const int MaxBytes = 10;

    /// <summary>Writes <paramref name="value"/> and returns the number of bytes written (1 to 10).</summary>
    public static int Write(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    /// <summary>Writes a signed value zig-zag encoded (small magnitudes take few bytes).</summary>
    public static int WriteSigned(Span<byte> destination, long value) =>
        Write(destination, (ulong)((value << 1) ^ (value >> 63)));

    /// <summary>Reads a value, advancing <paramref name="source"/>; false on truncated or over-long input.</summary>
    public static bool TryRead(ref ReadOnlySpan<byte> source, out ulong value)
    {
        value = 0;
        for (var i = 0; i < MaxBytes && i < source.Length; i++)
        {
            var b = source[i];
            if (i == MaxBytes - 1 && b > 1)
            {
                return false; // the tenth byte may only carry bit 63
            }

            value |= (ulong)(b & 0x7F) << (7 * i);
            if (b < 0x80)
            {
                source = source[(i + 1)..];
                return true;
            }
        }

        value = 0;
        return false;
    }

    /// <summary>Reads a zig-zag encoded signed value, advancing <paramref name="source"/>.</summary>
    public static bool TryReadSigned(ref ReadOnlySpan<byte> source, out long value)
    {
        var ok = TryRead(ref source, out var raw);
        value = (long)(raw >> 1) ^ -(long)(raw & 1);
        return ok;
    }
}
