using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace AiObsStream.Core.Sketches;

/// <summary>Checkpoint serialization of <see cref="DDSketch"/>.</summary>
/// <remarks>
/// Format version 1, little-endian:
/// <code>
/// u8 version=1 | f64 relativeAccuracy | varint maxBins | u8 flags (bit 0/1: positive/negative store collapsed)
/// | varint zeroCount | varint rejected | f64 sum | f64 min | f64 max | store positive | store negative
/// store := varint binCount | (binCount &gt; 0: zigzag-varint minIndex | binCount x varint count)
/// </code>
/// The bins written are [MinIndex, MaxIndex] of each store, so a sketch of latencies spanning three decades takes
/// about 0.4 to 1 KB. Round trip is exact: the doubles are written bit for bit and Count is the sum of the bins.
/// </remarks>
public sealed partial class DDSketch
{
    /// <summary>The format byte written first by <see cref="WriteTo"/>; readers reject any other.</summary>
    public const byte SerializationFormatVersion = 1;

    // version + accuracy + maxBins + flags + zeroCount + rejected + sum/min/max.
    private const int HeaderMaxBytes = 1 + 8 + 5 + 1 + VarInt.MaxBytes + VarInt.MaxBytes + 24;

    /// <summary>An upper bound of the bytes <see cref="WriteTo"/> writes for the current content.</summary>
    public int GetMaxSerializedSize() =>
        HeaderMaxBytes + StoreMaxBytes(_positive) + StoreMaxBytes(NegativeView);

    /// <summary>Appends the sketch in the compact versioned checkpoint format (see remarks of this file's type).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void WriteTo(IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var span = writer.GetSpan(GetMaxSerializedSize());
        span[0] = SerializationFormatVersion;
        BinaryPrimitives.WriteDoubleLittleEndian(span[1..], RelativeAccuracy);
        var n = 9;
        n += VarInt.Write(span[n..], (ulong)MaxBins);
        span[n++] = (byte)((_positive.IsCollapsed ? 1 : 0) | (NegativeView.IsCollapsed ? 2 : 0));
        n += VarInt.Write(span[n..], (ulong)_zeroCount);
        n += VarInt.Write(span[n..], (ulong)_rejected);
        BinaryPrimitives.WriteDoubleLittleEndian(span[n..], _sum);
        BinaryPrimitives.WriteDoubleLittleEndian(span[(n + 8)..], _min);
        BinaryPrimitives.WriteDoubleLittleEndian(span[(n + 16)..], _max);
        n += 24;
        n += WriteStore(span[n..], _positive);
        n += WriteStore(span[n..], NegativeView);
        writer.Advance(n);
    }

    /// <summary>Reads a sketch written by <see cref="WriteTo"/>, advancing <paramref name="source"/> past it.</summary>
    /// <exception cref="FormatException">The bytes are not a valid sketch (the message says what and where).</exception>
    public static DDSketch ReadFrom(ref ReadOnlySpan<byte> source)
    {
        if (!TryReadFrom(ref source, out var sketch, out var error))
        {
            throw new FormatException(error);
        }

        return sketch;
    }

    /// <summary>
    /// Reads a sketch written by <see cref="WriteTo"/>; never throws. On success advances <paramref name="source"/>
    /// past it; on failure leaves it unchanged and says what is wrong in <paramref name="error"/>.
    /// </summary>
    public static bool TryReadFrom(
        ref ReadOnlySpan<byte> source, [NotNullWhen(true)] out DDSketch? sketch, [NotNullWhen(false)] out string? error)
    {
        sketch = null;
        var s = source;
        if (s.Length < 9 || s[0] != SerializationFormatVersion)
        {
            error = s.IsEmpty ? "DDSketch: empty input" : "DDSketch: byte 0: unknown format version or truncated header";
            return false;
        }

        var accuracy = BinaryPrimitives.ReadDoubleLittleEndian(s[1..]);
        s = s[9..];
        if (!(accuracy >= MinRelativeAccuracy && accuracy <= MaxRelativeAccuracy)
            || !VarInt.TryRead(ref s, out var maxBins) || maxBins == 0 || maxBins > MaxMaxBins)
        {
            error = "DDSketch: header: relative accuracy or max bins out of range";
            return false;
        }

        if (s.Length < 1 || s[0] > 3)
        {
            error = "DDSketch: header: bad flags byte";
            return false;
        }

        var flags = s[0];
        s = s[1..];
        if (!VarInt.TryRead(ref s, out var zeroCount) || !VarInt.TryRead(ref s, out var rejected)
            || zeroCount > long.MaxValue || rejected > long.MaxValue || s.Length < 24)
        {
            error = "DDSketch: header: zero count, rejected count or sum/min/max truncated or out of range";
            return false;
        }

        var result = new DDSketch(accuracy, (int)maxBins);
        result._sum = BinaryPrimitives.ReadDoubleLittleEndian(s);
        result._min = BinaryPrimitives.ReadDoubleLittleEndian(s[8..]);
        result._max = BinaryPrimitives.ReadDoubleLittleEndian(s[16..]);
        s = s[24..];
        result._zeroCount = (long)zeroCount;
        result._rejected = (long)rejected;
        if (!TryReadStore(ref s, result._positive, (flags & 1) != 0, out error)
            || !TryReadStore(ref s, result.Negative, (flags & 2) != 0, out error))
        {
            return false;
        }

        if (!result.TryFinishRead(out error))
        {
            return false;
        }

        source = s;
        sketch = result;
        return true;
    }

    private bool TryFinishRead([NotNullWhen(false)] out string? error)
    {
        var total = (decimal)_zeroCount + _positive.TotalCount + NegativeView.TotalCount;
        if (total > long.MaxValue)
        {
            error = "DDSketch: total count overflows";
            return false;
        }

        _count = (long)total;
        if (_count == 0)
        {
            _min = double.PositiveInfinity;
            _max = double.NegativeInfinity;
        }
        else if (!double.IsFinite(_min) || !double.IsFinite(_max) || _min > _max)
        {
            error = "DDSketch: min/max not finite or min > max for a non-empty sketch";
            return false;
        }

        error = null;
        return true;
    }

    private static bool TryReadStore(
        ref ReadOnlySpan<byte> s, CollapsingLowestDenseStore store, bool collapsed, [NotNullWhen(false)] out string? error)
    {
        if (!VarInt.TryRead(ref s, out var binCount) || binCount > (ulong)store.MaxBins)
        {
            error = "DDSketch: store: bin count truncated or above max bins";
            return false;
        }

        if (binCount == 0)
        {
            error = null;
            return true;
        }

        if (!VarInt.TryReadSigned(ref s, out var minIndex) || minIndex < int.MinValue
            || minIndex + (long)binCount - 1 > int.MaxValue)
        {
            error = "DDSketch: store: min index truncated or out of range";
            return false;
        }

        var counts = new long[(int)binCount];
        long total = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            if (!VarInt.TryRead(ref s, out var c) || c > long.MaxValue || (ulong)total + c > long.MaxValue)
            {
                error = "DDSketch: store: bin " + i.ToString(System.Globalization.CultureInfo.InvariantCulture)
                    + " truncated or its count overflows";
                return false;
            }

            counts[i] = (long)c;
            total += (long)c;
        }

        if (counts[0] == 0 || counts[^1] == 0)
        {
            error = "DDSketch: store: first and last bins must be non-empty";
            return false;
        }

        store.Load((int)minIndex, counts, total, collapsed);
        error = null;
        return true;
    }

    private static int StoreMaxBytes(CollapsingLowestDenseStore store) =>
        VarInt.MaxBytes + VarInt.MaxBytes + (store.HeldLength * VarInt.MaxBytes);

    /// <remarks>
    /// The format lists every bin from the lowest to the highest non-empty one, empty ones included, whether the store
    /// holds them densely or as pairs, so the bytes do not depend on the store's representation.
    /// </remarks>
    private static int WriteStore(Span<byte> span, CollapsingLowestDenseStore store)
    {
        var length = store.HeldLength;
        var n = VarInt.Write(span, (ulong)length);
        if (length == 0)
        {
            return n;
        }

        n += VarInt.WriteSigned(span[n..], store.MinIndex);
        var next = store.MinIndex;
        foreach (var (index, count) in store.GetBins())
        {
            for (; next < index; next++)
            {
                n += VarInt.Write(span[n..], 0);
            }

            n += VarInt.Write(span[n..], (ulong)count);
            next = index + 1;
        }

        return n;
    }
}
