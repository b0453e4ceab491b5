using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace AiObsStream.Formats.Json;

/// <summary>
/// Fast paths for the common number and time spellings of Azure exports; callers fall back to the BCL parsers
/// whenever a fast path declines, so results are identical, only quicker.
/// </summary>
internal static class FastScalars
{
    private static readonly int[] DaysBeforeMonth = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    private static readonly double[] Pow10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    /// <summary>The most digits <see cref="TryParseDigits"/> reads: any 18 digits fit in a long.</summary>
    public const int MaxDigits = 18;

    /// <summary>
    /// Reads 1-<see cref="MaxDigits"/> ASCII digits as a non-negative long: the value of the digit-by-digit loop
    /// (<see cref="TryParseDigitsScalar"/>, which a property test compares this with); false when empty, too long, or
    /// any byte is not <c>0</c>-<c>9</c>.
    /// </summary>
    /// <remarks>
    /// Eight digits at a time in one 64-bit word (a check that every byte is a digit, then three multiply-and-shift
    /// steps, the method simdjson uses), the rest one by one. The AOAI request and response times are 18-digit ticks,
    /// two per record; the loop's 18 dependent multiply-adds per field were ~2 % of a one-deployment run (perf:
    /// <c>TryTicks</c> in both fast readers).
    /// </remarks>
    public static bool TryParseDigits(ReadOnlySpan<byte> digits, out long value)
    {
        value = 0;
        if (digits.Length is 0 or > MaxDigits)
        {
            return false;
        }

        long v = 0;
        var i = 0;
        for (; i <= digits.Length - sizeof(ulong); i += sizeof(ulong))
        {
            var word = BinaryPrimitives.ReadUInt64LittleEndian(digits[i..]);
            if (!AreEightDigits(word))
            {
                return false;
            }

            v = (v * 100_000_000) + EightDigits(word);
        }

        for (; i < digits.Length; i++)
        {
            var d = digits[i] - (byte)'0';
            if ((uint)d > 9)
            {
                return false;
            }

            v = (v * 10) + d;
        }

        value = v;
        return true;
    }

    /// <summary>The plain loop that <see cref="TryParseDigits"/> must equal.</summary>
    internal static bool TryParseDigitsScalar(ReadOnlySpan<byte> digits, out long value)
    {
        value = 0;
        if (digits.Length is 0 or > MaxDigits)
        {
            return false;
        }

        long v = 0;
        foreach (var b in digits)
        {
            var d = b - (byte)'0';
            if ((uint)d > 9)
            {
                return false;
            }

            v = (v * 10) + d;
        }

        value = v;
        return true;
    }

    /// <summary>
    /// Whether all eight bytes of a little-endian word are ASCII digits: each byte's high nibble is 3, and so is the
    /// high nibble of the byte plus 6 (low nibble ≤ 9). A carry out of a byte needs that byte ≥ 0xFA, which already
    /// fails its own lane.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool AreEightDigits(ulong word) =>
        ((word & 0xF0F0F0F0F0F0F0F0UL) | (((word + 0x0606060606060606UL) & 0xF0F0F0F0F0F0F0F0UL) >> 4))
        == 0x3333333333333333UL;

    /// <summary>The value of eight digit bytes (the first in the lowest byte): pairs, then fours, then all eight.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long EightDigits(ulong word)
    {
        word = ((word & 0x0F0F0F0F0F0F0F0FUL) * ((10 << 8) + 1)) >> 8;
        word = ((word & 0x00FF00FF00FF00FFUL) * ((100 << 16) + 1)) >> 16;
        return (long)(((word & 0x0000FFFF0000FFFFUL) * ((10000UL << 32) + 1)) >> 32);
    }

    /// <summary>
    /// Parses <c>-?digits(.digits)?</c> with at most 15 significant digits. The mantissa and the power of ten are
    /// exact doubles, so one division is correctly rounded (Clinger's fast path) and equals double.Parse.
    /// </summary>
    public static bool TryParseDecimal(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        var negative = text.Length > 0 && text[0] == (byte)'-';
        var i = negative ? 1 : 0;
        var start = i;
        long mantissa = 0;
        for (; i < text.Length; i++)
        {
            var d = text[i] - (byte)'0';
            if ((uint)d > 9)
            {
                break;
            }

            mantissa = (mantissa * 10) + d; // may wrap past 19 digits: rejected below (> 15 digits)
        }

        var fraction = 0;
        if (i < text.Length)
        {
            if (text[i] != (byte)'.')
            {
                return false;
            }

            var point = ++i;
            for (; i < text.Length; i++)
            {
                var d = text[i] - (byte)'0';
                if ((uint)d > 9)
                {
                    return false;
                }

                mantissa = (mantissa * 10) + d;
            }

            fraction = i - point;
            if (fraction == 0)
            {
                return false;
            }
        }

        var digits = i - start - (fraction > 0 ? 1 : 0);
        if (digits is 0 or > 15)
        {
            return false;
        }

        value = fraction > 0 ? mantissa / Pow10[fraction] : mantissa;
        value = negative ? -value : value;
        return true;
    }

    /// <summary>Parses <c>yyyy-MM-ddTHH:mm:ss[.f{1,7}]Z</c> (the export spelling) to Unix ms, floored.</summary>
    public static bool TryParseUtcTime(ReadOnlySpan<byte> t, out long unixMs)
    {
        unixMs = 0;
        return t.Length >= 20 && TryMinute(t, out var minuteSeconds) && TryAfterMinute(t, minuteSeconds, out unixMs);
    }

    /// <summary>
    /// <see cref="TryParseUtcTime(ReadOnlySpan{byte}, out long)"/> that reads the date, hour and minute
    /// (<c>yyyy-MM-ddTHH:mm</c>, the first 16 bytes) from <paramref name="minutes"/> when they are the bytes the last
    /// call read there: a stream's records share them for a minute at a time. Same results, checks and declines.
    /// </summary>
    /// <remarks>
    /// The 16 bytes decide on their own whether that part is valid and what it is worth (every check of it reads only
    /// them), so equal bytes give the remembered answer; the seconds, fraction and <c>Z</c> are read every time. The
    /// date check and day count were ~1 % of a one-deployment run.
    /// </remarks>
    public static bool TryParseUtcTime(ReadOnlySpan<byte> t, UtcMinuteCache minutes, out long unixMs)
    {
        unixMs = 0;
        if (t.Length < 20)
        {
            return false;
        }

        var head = BinaryPrimitives.ReadUInt64LittleEndian(t);
        var tail = BinaryPrimitives.ReadUInt64LittleEndian(t[8..]);
        if (!minutes.Holds(head, tail))
        {
            if (!TryMinute(t, out var seconds))
            {
                return false;
            }

            minutes.Remember(head, tail, seconds);
        }

        return TryAfterMinute(t, minutes.Seconds, out unixMs);
    }

    /// <summary>The seconds from year one to the minute <c>yyyy-MM-ddTHH:mm</c> that <paramref name="t"/> starts with.</summary>
    private static bool TryMinute(ReadOnlySpan<byte> t, out long seconds)
    {
        seconds = 0;
        if (t[4] != (byte)'-' || t[7] != (byte)'-' || t[10] != (byte)'T' || t[13] != (byte)':'
            || !Digits(t, 0, 4, out var year) || !Digits(t, 5, 2, out var month) || !Digits(t, 8, 2, out var day)
            || !Digits(t, 11, 2, out var hour) || !Digits(t, 14, 2, out var minute)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59)
        {
            return false;
        }

        seconds = (DaysSinceYearOne(year, month, day) * 86_400L) + (hour * 3600) + (minute * 60);
        return true;
    }

    /// <summary>The rest after the minute (<c>:ss[.f{1,7}]Z</c>, from byte 16) on top of <paramref name="minuteSeconds"/>.</summary>
    private static bool TryAfterMinute(ReadOnlySpan<byte> t, long minuteSeconds, out long unixMs)
    {
        unixMs = 0;
        if (t[^1] != (byte)'Z' || t[16] != (byte)':' || !Digits(t, 17, 2, out var second) || second > 59)
        {
            return false;
        }

        long fractionTicks = 0;
        var fractionDigits = t.Length - 21; // "yyyy-MM-ddTHH:mm:ss." is 20 bytes, then digits, then Z
        if (t.Length > 20)
        {
            if (t[19] != (byte)'.' || fractionDigits is < 1 or > 7 || !Digits(t, 20, fractionDigits, out var f))
            {
                return false;
            }

            fractionTicks = f * (long)Pow10[7 - fractionDigits];
        }

        var ticks = ((minuteSeconds + second) * TimeSpan.TicksPerSecond) + fractionTicks;
        unixMs = JsonScalars.TicksToUnixMs(ticks);
        return true;
    }

    /// <summary>Days from 0001-01-01 to a valid proleptic Gregorian date (what DateTime counts), without DateTime.</summary>
    internal static long DaysSinceYearOne(int year, int month, int day)
    {
        var y = year - 1L;
        var leapDay = month > 2 && DateTime.IsLeapYear(year) ? 1 : 0;
        return (y * 365) + (y / 4) - (y / 100) + (y / 400) + DaysBeforeMonth[month - 1] + leapDay + day - 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // seven calls per time with constant counts (perf: 1.4 % of an AOAI run as calls)
    private static bool Digits(ReadOnlySpan<byte> text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var d = text[i] - (byte)'0';
            if ((uint)d > 9)
            {
                return false;
            }

            value = (value * 10) + d;
        }

        return true;
    }

    /// <summary>
    /// The first 16 bytes of the last time text <see cref="TryParseUtcTime(ReadOnlySpan{byte}, UtcMinuteCache, out long)"/>
    /// found a valid minute in, and that minute in seconds from year one. One per parser (not thread-safe).
    /// </summary>
    internal sealed class UtcMinuteCache
    {
        private ulong _head;
        private ulong _tail;
        private bool _valid;

        /// <summary>The remembered minute's seconds from year one.</summary>
        public long Seconds { get; private set; }

        /// <summary>Whether a valid minute is remembered for these 16 bytes.</summary>
        public bool Holds(ulong head, ulong tail) => _valid && head == _head && tail == _tail;

        /// <summary>Remembers a valid minute read from these 16 bytes.</summary>
        public void Remember(ulong head, ulong tail, long seconds)
        {
            _head = head;
            _tail = tail;
            Seconds = seconds;
            _valid = true;
        }
    }
}
