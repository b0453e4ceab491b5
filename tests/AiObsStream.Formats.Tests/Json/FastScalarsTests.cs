using System.Globalization;
using System.Text;
using AiObsStream.Formats.Json;
using FsCheck;
using FsCheck.Fluent;

namespace AiObsStream.Formats.Tests.Json;

public class FastScalarsTests
{
    [Fact]
    public void TryParseDecimal_RandomDecimals_EqualsDoubleParse()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<(long Mantissa, byte Scale)>(), input =>
        {
            var m = input.Mantissa % 1_000_000_000_000_000L;
            var text = m.ToString(CultureInfo.InvariantCulture);
            var scale = input.Scale % 10;
            var digits = text.TrimStart('-');
            if (scale > 0 && scale < digits.Length)
            {
                text = text[..^scale] + "." + text[^scale..];
            }

            var ok = FastScalars.TryParseDecimal(Encoding.ASCII.GetBytes(text), out var fast);
            Assert.True(!ok || fast.Equals(double.Parse(text, CultureInfo.InvariantCulture)), text);
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("512.27")]
    [InlineData("-1021")]
    [InlineData("0.14")]
    [InlineData("123456789012345")]
    [InlineData(".5")]
    [InlineData("-0.00000000000001")]
    public void TryParseDecimal_CommonSpellings_Accepted(string text)
    {
        Assert.True(FastScalars.TryParseDecimal(Encoding.ASCII.GetBytes(text), out var v));
        Assert.Equal(double.Parse(text, CultureInfo.InvariantCulture), v);
    }

    [Theory]
    [InlineData("1e5")]
    [InlineData(".")]
    [InlineData("1.2.3")]
    [InlineData("12345678901234567890123")]
    [InlineData("1.")]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("1234567890123456")]
    [InlineData(" 1")]
    public void TryParseDecimal_OtherSpellings_Declined(string text)
    {
        Assert.False(FastScalars.TryParseDecimal(Encoding.ASCII.GetBytes(text), out _));
    }

    [Theory]
    [InlineData("2024-04-08T12:23:02.4350000Z")]
    [InlineData("2024-02-29T23:59:59.9999999Z")]
    [InlineData("2021-04-29T22:41:14.1Z")]
    [InlineData("2026-11-22T10:41:00Z")]
    public void TryParseUtcTime_ExportSpelling_EqualsDateTimeOffset(string text)
    {
        Assert.True(FastScalars.TryParseUtcTime(Encoding.ASCII.GetBytes(text), out var ms));
        var expected = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
        Assert.Equal((expected.UtcTicks - JsonScalars.UnixEpochTicks) / TimeSpan.TicksPerMillisecond, ms);
    }

    [Theory]
    [InlineData("2023-02-29T00:00:00Z")]
    [InlineData("2024-13-01T00:00:00Z")]
    [InlineData("2024-01-01T24:00:00Z")]
    [InlineData("2024-01-01T00:00:00.12345678Z")]
    [InlineData("2024-01-01T00:00:00+00:00")]
    [InlineData("2024-01-01 00:00:00Z")]
    public void TryParseUtcTime_OtherSpellings_Declined(string text)
    {
        Assert.False(FastScalars.TryParseUtcTime(Encoding.ASCII.GetBytes(text), out _));
    }

    [Fact]
    public void DaysSinceYearOne_RandomDates_EqualsDateTime()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<int>(), seed =>
        {
            var date = DateTime.MinValue.AddDays((uint)seed % (uint)(DateTime.MaxValue - DateTime.MinValue).TotalDays);
            var days = FastScalars.DaysSinceYearOne(date.Year, date.Month, date.Day);
            Assert.Equal(date.Ticks / TimeSpan.TicksPerDay, days);
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("1969-12-31T23:59:59.9999999Z")]
    [InlineData("2000-02-29T12:00:00.5Z")]
    [InlineData("2100-03-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59.9999999Z")]
    public void TryParseUtcTime_EdgeDates_EqualsDateTimeOffset(string text)
    {
        Assert.True(FastScalars.TryParseUtcTime(Encoding.ASCII.GetBytes(text), out var ms));
        var expected = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
        Assert.Equal(JsonScalars.TicksToUnixMs(expected.UtcTicks), ms);
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("7", 7L)]
    [InlineData("12345678", 12345678L)]
    [InlineData("123456789", 123456789L)]
    [InlineData("0000000000000000", 0L)]
    [InlineData("639309427572473734", 639309427572473734L)]
    [InlineData("999999999999999999", 999999999999999999L)]
    [InlineData("000000000000000001", 1L)]
    public void TryParseDigits_Digits_Value(string text, long expected)
    {
        Assert.True(FastScalars.TryParseDigits(Encoding.ASCII.GetBytes(text), out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1234567890123456789")] // 19 digits: more than MaxDigits
    [InlineData("-1")]
    [InlineData("12345678/")] // '/' is the byte before '0'
    [InlineData("1234567:")] // ':' the byte after '9', inside the first word
    [InlineData("63930942757247373:")]
    [InlineData("1 2")]
    [InlineData("1e5")]
    [InlineData("12345678.1234567")]
    public void TryParseDigits_NotPlainDigits_Declined(string text)
    {
        Assert.False(FastScalars.TryParseDigits(Encoding.ASCII.GetBytes(text), out _));
    }

    [Fact]
    public void TryParseDigits_EveryByteAtEveryPosition_EqualsScalarLoop()
    {
        // Every byte value (0x00-0xFF) in every position of 8-, 16- and 18-digit strings: the word check must decline
        // exactly where the loop does, including bytes whose +6 carries into the next lane (0xFA-0xFF).
        foreach (var length in new[] { 8, 9, 16, 18 })
        {
            for (var position = 0; position < length; position++)
            {
                for (var b = 0; b < 256; b++)
                {
                    var bytes = Encoding.ASCII.GetBytes("987654321098765432"[..length]);
                    bytes[position] = (byte)b;
                    var fast = FastScalars.TryParseDigits(bytes, out var value);
                    var loop = FastScalars.TryParseDigitsScalar(bytes, out var expected);
                    Assert.Equal(loop, fast);
                    Assert.Equal(expected, value);
                }
            }
        }
    }

    [Fact]
    public void TryParseDigits_RandomStrings_EqualsScalarLoop()
    {
        // Random lengths 0-20, 95 % digits, else a byte near or far from the digit range.
        var alphabet = "0123456789/:-+. \u0000\u00ff"u8.ToArray();
        Prop.ForAll(ArbMap.Default.ArbFor<int[]>(), codes =>
        {
            var bytes = codes.Take(20).Select(c => (uint)c % 20 < 19 ? (byte)('0' + ((uint)c % 10)) : alphabet[(uint)c % (uint)alphabet.Length]).ToArray();
            var fast = FastScalars.TryParseDigits(bytes, out var value);
            var loop = FastScalars.TryParseDigitsScalar(bytes, out var expected);
            Assert.Equal(loop, fast);
            Assert.Equal(expected, value);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void TryParseUtcTime_WithMinuteCache_EqualsWithout_OverSequencesOfNearbyAndBrokenTimes()
    {
        // One cache across a sequence, as a parser keeps it: times a few seconds to minutes apart (so the minute is
        // reused, then changes), some broken at one byte anywhere, including inside the remembered 16 bytes and
        // right after them (':' at 16, the seconds, the fraction, the Z).
        var start = new DateTime(2026, 11, 22, 11, 12, 0, DateTimeKind.Utc);
        var bytes = new byte[] { (byte)'0', (byte)'9', (byte)':', (byte)'-', (byte)'.', (byte)'T', (byte)'Z', (byte)' ', 0x00, 0xFF };
        Prop.ForAll(ArbMap.Default.ArbFor<int[]>(), codes =>
        {
            var minutes = new FastScalars.UtcMinuteCache();
            var offset = 0L;
            foreach (var code in codes.Take(40))
            {
                var c = (uint)code;
                offset += c % 7 == 0 ? 61_000 : c % 5 * 137; // mostly within the minute, sometimes the next
                var text = start.AddMilliseconds(offset).AddTicks(c % 10_000).ToString(
                    ((c >> 4) % 3) switch { 0 => "yyyy-MM-ddTHH:mm:ss.fffffffZ", 1 => "yyyy-MM-ddTHH:mm:ssZ", _ => "yyyy-MM-ddTHH:mm:ss.fffZ" },
                    CultureInfo.InvariantCulture);
                var time = Encoding.ASCII.GetBytes(text);
                if ((c >> 8) % 4 == 0)
                {
                    time[(int)((c >> 10) % (uint)time.Length)] = bytes[(c >> 16) % (uint)bytes.Length]; // one byte broken
                }

                var cached = FastScalars.TryParseUtcTime(time, minutes, out var cachedMs);
                var plain = FastScalars.TryParseUtcTime(time, out var plainMs);
                Assert.Equal(plain, cached);
                Assert.Equal(plainMs, cachedMs);
            }
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("2026-11-22T11:12:37.6922718Z", "2026-11-22T11:12:38Z")]
    [InlineData("2026-11-22T11:12:37Z", "2026-11-22T11:12:60Z")] // same minute, bad seconds: declined, minute kept
    [InlineData("2026-02-29T11:12:37Z", "2026-02-29T11:12:38Z")] // not a leap year: never remembered
    [InlineData("2024-02-29T23:59:59.9999999Z", "2024-02-29T23:59:00.1Z")]
    [InlineData("2026-11-22T11:12:37Z", "2026-11-22T11:12:37")] // same minute, no Z
    [InlineData("2026-11-22T11:12:37Z", "2026-11-22T11:12:37.12345678Z")] // eight fraction digits
    public void TryParseUtcTime_WithMinuteCache_SecondTimeAfterFirst_EqualsWithout(string first, string second)
    {
        var minutes = new FastScalars.UtcMinuteCache();
        foreach (var text in new[] { first, second, second })
        {
            var time = Encoding.ASCII.GetBytes(text);
            Assert.Equal(FastScalars.TryParseUtcTime(time, out var expected), FastScalars.TryParseUtcTime(time, minutes, out var ms));
            Assert.Equal(expected, ms);
        }
    }
}
