using System.Buffers.Text;

namespace AiObsStream.Formats.Output;

/// <summary>
/// The digits of doubles formatted recently, by their bits: a direct-mapped table, so a repeated value costs a lookup
/// and a copy instead of the shortest round-trip formatting (about a third of writing a metric row).
/// </summary>
/// <remarks>
/// Metric rows repeat their numbers across series: quantiles are sketch bin values shared by every series of a metric,
/// and minima, maxima and sums of gauges are often the same few readings (70 % of the numbers of the GPU fleet's rows
/// were in a 4,096-slot table). The bytes are those of <see cref="Utf8Formatter"/>, the formatting
/// <see cref="System.Text.Json.Utf8JsonWriter"/> uses: the same bits always give the same digits, and +0 and -0 are
/// different bits. 168 KB per table. Not thread-safe: one per writer.
/// </remarks>
public sealed class FormattedNumberCache
{
    private const int SlotBits = 12;
    private const int Slots = 1 << SlotBits;

    /// <summary>Room per slot: the longest shortest round-trip double ("-2.2250738585072014E-308") is 24 bytes.</summary>
    private const int DigitsPerSlot = 32;

    private readonly long[] _bits = new long[Slots];
    private readonly byte[] _lengths = new byte[Slots]; // 0: empty (a formatted double has at least one digit)
    private readonly byte[] _digits = new byte[Slots * DigitsPerSlot];

    /// <summary>Writes <paramref name="value"/> as <see cref="Utf8Formatter"/> formats it into <paramref name="destination"/>.</summary>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short for the digits.</exception>
    public int Format(double value, Span<byte> destination)
    {
        var bits = BitConverter.DoubleToInt64Bits(value);
        var slot = (int)(((ulong)bits * 0x9E3779B97F4A7C15UL) >> (64 - SlotBits)); // Fibonacci hashing: all 64 bits count
        var cached = _digits.AsSpan(slot * DigitsPerSlot, DigitsPerSlot);
        int length = _lengths[slot];
        if (length > 0 && _bits[slot] == bits)
        {
            cached[..length].CopyTo(destination);
            return length;
        }

        if (!Utf8Formatter.TryFormat(value, destination, out var written))
        {
            throw new ArgumentException("the destination is too short for the number", nameof(destination));
        }

        if (written <= DigitsPerSlot)
        {
            destination[..written].CopyTo(cached);
            _bits[slot] = bits;
            _lengths[slot] = (byte)written;
        }

        return written;
    }
}
