using System.Globalization;
using System.Text;
using System.Text.Json;
using AiObsStream.Core.Events;
using AiObsStream.Formats.Output;
using FsCheck;
using FsCheck.Fluent;

namespace AiObsStream.Formats.Tests.Output;

public sealed class JsonFieldsTests
{
    private const long MinUnixMs = -62_135_596_800_000;
    private const long MaxUnixMs = 253_402_300_799_999;

    private static string Reference(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Fast(long unixMs) => Encoding.UTF8.GetString(JsonFields.FormatTime(unixMs, new byte[24]));

    [Theory]
    [InlineData(0L)]
    [InlineData(1_763_810_000_000L)] // 2025-11-22
    [InlineData(951_782_400_000L)] // 2000-02-29, a leap day of a century leap year
    [InlineData(4_107_542_400_000L)] // 2100-03-01, after a century non-leap February
    [InlineData(-1L)] // 1969-12-31T23:59:59.999Z
    [InlineData(-86_400_001L)]
    [InlineData(MinUnixMs)]
    [InlineData(MaxUnixMs)]
    public void FormatTime_Boundaries_MatchDateTimeFormat(long unixMs) => Assert.Equal(Reference(unixMs), Fast(unixMs));

    [Fact]
    public void FormatTime_AnyTimeInRange_MatchesDateTimeFormat()
    {
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), Gen.Choose(0, 999).ToArbitrary(), (coarse, ms) =>
        {
            // Spread over the whole representable range (years 1..9999), not just near 1970, plus any millisecond.
            var unixMs = MinUnixMs + (long)(coarse / (double)int.MaxValue * (MaxUnixMs - MinUnixMs - 1000)) + ms;
            return Reference(unixMs) == Fast(unixMs);
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(MinUnixMs - 1)]
    [InlineData(MaxUnixMs + 1)]
    [InlineData(long.MaxValue)]
    public void FormatTime_OutOfRange_ThrowsAsDateTimeOffsetDoes(long unixMs) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Fast(unixMs));

    [Theory]
    [InlineData(0UL)]
    [InlineData(0xa3d9164c6ab8e816UL)]
    [InlineData(ulong.MaxValue)]
    public void WriteHex16_WritesTheSameAsToStringX16(ulong value)
    {
        Assert.Equal($"{{\"RowId\":\"{value.ToString("x16", CultureInfo.InvariantCulture)}\"}}",
            Written(w => JsonFields.WriteHex16(w, JsonEncodedText.Encode("RowId"), value)));
    }

    [Fact]
    public void SourceName_EveryValue_IsTheEnumName()
    {
        foreach (var source in Enum.GetValues<TelemetrySource>())
        {
            Assert.Equal(source.ToString(), JsonFields.SourceName(source).Value);
        }

        Assert.Equal("200", JsonFields.SourceName((TelemetrySource)200).Value); // undefined: as ToString writes it
    }

    private static string Written(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
