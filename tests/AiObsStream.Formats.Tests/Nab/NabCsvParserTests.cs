using System.Text;
using AiObsStream.Core.Events;
using AiObsStream.Formats.Nab;
using FsCheck;
using FsCheck.Fluent;

namespace AiObsStream.Formats.Tests.Nab;

public class NabCsvParserTests
{
    [Fact]
    public void TryParse_ValidFileWithCrlfAndBom_ReadsRows()
    {
        var bytes = Encoding.UTF8.GetBytes("\uFEFFtimestamp,value\r\n2014-04-01 00:00:00,1.5\r\n2014-04-01 00:05:00,-2e3\r\n\r\n");

        Assert.True(NabCsvParser.TryParse(bytes, out var data, out _));

        Assert.Equal([1_396_310_400_000, 1_396_310_700_000], data!.TimestampsUnixMs);
        Assert.Equal([1.5, -2000.0], data.Values);
    }

    [Theory]
    [InlineData("time,value\n2014-04-01 00:00:00,1\n", "line 1: expected the header")]
    [InlineData("timestamp,value\n2014-04-01 00:00:00,1\n2014-04-01 00:05:00,abc\n", "line 3: value is not a finite number")]
    [InlineData("timestamp,value\n2014-13-01 00:00:00,1\n", "line 2: timestamp")]
    [InlineData("timestamp,value\n2014-04-01 00:00:00,1,2\n", "line 2: expected two fields")]
    [InlineData("timestamp,value\n2014-04-01 00:00:00,NaN\n", "line 2: value is not a finite number")]
    [InlineData("timestamp,value\n", "no data rows")]
    [InlineData("", "empty file")]
    public void TryParse_BadInput_SaysWhatAndWhere(string text, string expected)
    {
        Assert.False(NabCsvParser.TryParse(Encoding.UTF8.GetBytes(text), out var data, out ParseError error));

        Assert.Null(data);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_AnyBytes_NeverThrows()
    {
        Prop.ForAll<byte[]>(bytes =>
        {
            var prefixed = Encoding.UTF8.GetBytes("timestamp,value\n").Concat(bytes).ToArray();
            // Never throws, and a result is produced exactly when the parse succeeds.
            bool csv = NabCsvParser.TryParse(prefixed, out var data, out _) == (data is not null);
            bool raw = NabCsvParser.TryParse(bytes, out var rawData, out _) == (rawData is not null);
            bool windows = NabWindowsParser.TryParse(bytes, out var w, out _) == (w is not null);
            bool profiles = NabProfilesParser.TryParse(bytes, out var p, out _) == (p is not null);
            return csv && raw && windows && profiles;
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("2014-04-10 07:15:00.000000", 1_397_114_100_000)]
    [InlineData("2014-04-10T07:15:00.5", 1_397_114_100_500)]
    [InlineData("2016-02-29 23:59:59", 1_456_790_399_000)]
    public void NabTimestamp_ValidForms_Parse(string text, long expected)
    {
        Assert.True(NabTimestamp.TryParse(text.AsSpan(), out long unixMs));
        Assert.Equal(expected, unixMs);
    }

    [Theory]
    [InlineData("2015-02-29 00:00:00")]
    [InlineData("2014-04-10 24:00:00")]
    [InlineData("2014-04-10 07:15")]
    [InlineData("2014-04-10 07:15:00.")]
    [InlineData("2014-04-10 07:15:00Z")]
    public void NabTimestamp_InvalidForms_Rejected(string text)
    {
        Assert.False(NabTimestamp.TryParse(text.AsSpan(), out _));
    }
}
