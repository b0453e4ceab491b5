using System.Globalization;
using System.Text;

namespace AiObsStream.Formats.Prometheus;

/// <summary>Sample values and timestamps of the text exposition, parsed from UTF-8 with invariant rules.</summary>
/// <remarks>
/// Values follow Go's <c>strconv.ParseFloat</c> as Prometheus uses it: decimal and exponent forms, <c>NaN</c>
/// (unsigned), <c>Inf</c>/<c>Infinity</c> with an optional sign, all case-insensitive. Hex floats and out-of-range
/// literals (which Go reports as errors) are rejected.
/// </remarks>
internal static class PrometheusNumbers
{
    /// <summary>Largest timestamp in seconds whose millisecond value still fits an int64.</summary>
    private const double MaxSeconds = 9.2e15;

    /// <summary>Timestamps of at most this many digits are read by hand: 10^18 - 1 fits an int64.</summary>
    private const int MaxPlainTimestampDigits = 18;

    /// <summary>Values of at most this many digits take the exact fast path (10^15 - 1 &lt; 2^53).</summary>
    private const int MaxPlainValueDigits = 15;

    /// <summary>10^0 .. 10^15, exact doubles.</summary>
    private static readonly double[] PowersOfTen =
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    /// <summary>Parses a sample value token.</summary>
    public static bool TryParseValue(ReadOnlySpan<byte> token, out double value)
    {
        value = 0;
        if (token.IsEmpty)
        {
            return false;
        }

        if (TryParsePlain(token, out value))
        {
            return true;
        }

        if (TryParseSpecial(token, out value))
        {
            return true;
        }

        foreach (var b in token)
        {
            // Only plain decimal syntax reaches double.TryParse, so .NET's own symbols ("Infinity", "∞",
            // thousands separators, white space) can never be accepted by accident.
            if (b is not ((>= (byte)'0' and <= (byte)'9') or (byte)'.' or (byte)'e' or (byte)'E' or (byte)'+' or (byte)'-'))
            {
                return false;
            }
        }

        return double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value);
    }

    /// <summary>
    /// Whether <paramref name="token"/> is a number in plain decimal syntax too large for a float64 (e.g. 400 digits):
    /// the syntax is valid, the value unusable, so the sample is an <c>invalid_value</c> reject rather than malformed.
    /// </summary>
    public static bool Overflows(ReadOnlySpan<byte> token)
    {
        foreach (var b in token)
        {
            if (b is not ((>= (byte)'0' and <= (byte)'9') or (byte)'.' or (byte)'e' or (byte)'E' or (byte)'+' or (byte)'-'))
            {
                return false;
            }
        }

        return !token.IsEmpty && double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && double.IsInfinity(value);
    }

    /// <summary>Parses a 0.0.4 timestamp: an int64 count of milliseconds, optionally signed.</summary>
    public static bool TryParseMilliseconds(ReadOnlySpan<byte> token, out long unixMs)
    {
        // The usual spelling, 1 to 18 plain digits (any of them fits an int64), without the general parser (perf, #12:
        // ~1 % of a dcgm file's run); a sign, more digits or anything else takes the path below.
        if (token.Length is > 0 and <= MaxPlainTimestampDigits)
        {
            long ms = 0;
            var i = 0;
            for (; i < token.Length; i++)
            {
                var digit = (uint)(token[i] - '0');
                if (digit > 9)
                {
                    break;
                }

                ms = (ms * 10) + digit;
            }

            if (i == token.Length)
            {
                unixMs = ms;
                return true;
            }
        }

        unixMs = 0;
        foreach (var b in token)
        {
            if (b is not ((>= (byte)'0' and <= (byte)'9') or (byte)'+' or (byte)'-'))
            {
                return false;
            }
        }

        return long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out unixMs);
    }

    /// <summary>Parses an OpenMetrics timestamp: (float) seconds, converted to milliseconds (rounded).</summary>
    /// <returns>False when the token is not a real number or the time does not fit int64 milliseconds.</returns>
    public static bool TryParseSeconds(ReadOnlySpan<byte> token, out long unixMs)
    {
        unixMs = 0;
        return TryParseTimestampSeconds(token, out var seconds) && TrySecondsToUnixMs(seconds, out unixMs);
    }

    /// <summary>
    /// Parses an OpenMetrics timestamp token by its grammar only (<c>timestamp = realnumber</c>: no NaN or Inf), so a
    /// huge timestamp with a fraction such as <c>12345678901234567890.123</c> is valid syntax.
    /// </summary>
    public static bool TryParseTimestampSeconds(ReadOnlySpan<byte> token, out double seconds)
    {
        seconds = 0;
        return !token.IsEmpty && !TryParseSpecial(token, out _) && TryParseValue(token, out seconds);
    }

    /// <summary>Converts seconds to Unix milliseconds (rounded); false when the result does not fit an int64.</summary>
    public static bool TrySecondsToUnixMs(double seconds, out long unixMs)
    {
        unixMs = 0;
        if (!double.IsFinite(seconds) || Math.Abs(seconds) > MaxSeconds)
        {
            return false;
        }

        unixMs = (long)Math.Round(seconds * 1000.0, MidpointRounding.AwayFromZero);
        return true;
    }

    /// <summary>
    /// The usual sample value, <c>-?digits(.digits)?</c> with at most 15 digits in all, computed exactly as
    /// <see cref="double.TryParse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider, out double)"/> does (perf, #12:
    /// the general parser was ~2 % of a dcgm file's run): the digits form an integer below 10^15 &lt; 2^53 and the
    /// divisor a power of ten up to 10^15, both exact doubles, so their quotient is the correctly rounded value (Clinger's
    /// fast path). Anything else (a sign '+', an exponent, more digits, a special) returns false for the general path.
    /// </summary>
    internal static bool TryParsePlain(ReadOnlySpan<byte> token, out double value)
    {
        value = 0;
        var negative = token.Length > 0 && token[0] == (byte)'-';
        var i = negative ? 1 : 0;
        long mantissa = 0;
        var digits = 0;
        var fraction = -1; // digits after the point; -1 while no point was seen
        for (; i < token.Length; i++)
        {
            var b = token[i];
            var digit = (uint)(b - '0');
            if (digit <= 9)
            {
                if (++digits > MaxPlainValueDigits)
                {
                    return false;
                }

                mantissa = (mantissa * 10) + digit;
                if (fraction >= 0)
                {
                    fraction++;
                }
            }
            else if (b == (byte)'.' && fraction < 0)
            {
                fraction = 0;
            }
            else
            {
                return false;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        var magnitude = fraction > 0 ? mantissa / PowersOfTen[fraction] : mantissa;
        value = negative ? -magnitude : magnitude;
        return true;
    }

    private static bool TryParseSpecial(ReadOnlySpan<byte> token, out double value)
    {
        value = 0;
        if (token.Length == 3 && Ascii.EqualsIgnoreCase(token, "nan"u8))
        {
            value = double.NaN;
            return true;
        }

        var negative = token[0] == (byte)'-';
        var body = token[0] is (byte)'+' or (byte)'-' ? token[1..] : token;
        if (Ascii.EqualsIgnoreCase(body, "inf"u8) || Ascii.EqualsIgnoreCase(body, "infinity"u8))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }

        return false;
    }
}
