using AiObsStream.Core.Events;
using AiObsStream.Formats.Csv;
using FsCheck;
using FsCheck.Fluent;

namespace AiObsStream.Formats.Tests.Csv;

public class CsvSeriesReaderTests
{
    private static (bool Ok, CsvSeries? Series, ParseError Error) Read(string text, string? column = null)
    {
        bool ok = CsvSeriesReader.TryRead(new StringReader(text), column, out var series, out var error);
        return (ok, series, error);
    }

    [Fact]
    public void TryRead_BomFile_ReadsValueColumn()
    {
        using var reader = new StreamReader(AiObsStream.TestKit.TestData.Path("srcnn-conformance", "big_spike_data.csv"));

        Assert.True(CsvSeriesReader.TryRead(reader, null, out var series, out _));
        Assert.Equal(135, series!.Values.Length);
        Assert.Equal(0.333061106, series.Values.Span[0]);
        Assert.Null(series.Timestamps);
    }

    [Fact]
    public void TryRead_BomCharacterInHeader_Ignored()
    {
        var (ok, series, _) = Read("\uFEFFValue\n1\n2\n");

        Assert.True(ok);
        Assert.Equal([1.0, 2.0], series!.Values.ToArray());
    }

    [Fact]
    public void TryRead_LowercaseValueAndTimestamp_CarriesTimestamp()
    {
        var (ok, series, _) = Read("timestamp,value\n2024-01-01T00:00:00Z,1.5\n\"2024-01-01T00:01:00Z\",-2e3\n\n");

        Assert.True(ok);
        Assert.Equal("value", series!.ValueColumn);
        Assert.Equal([1.5, -2000.0], series.Values.ToArray());
        Assert.Equal(["2024-01-01T00:00:00Z", "2024-01-01T00:01:00Z"], series.Timestamps!);
    }

    [Fact]
    public void TryRead_NamedColumn_UsesIt()
    {
        var (ok, series, _) = Read("a,b\n1,10\n2,20\n", "b");

        Assert.True(ok);
        Assert.Equal([10.0, 20.0], series!.Values.ToArray());
    }

    [Fact]
    public void TryRead_BadNumber_NamesLineAndColumn()
    {
        var (ok, _, error) = Read("Value\n1\nabc\n");

        Assert.False(ok);
        Assert.Equal(RejectReason.InvalidValue, error.Reason);
        Assert.Equal("line 3: 'abc' in column 'Value' is not a number", error.Message);
        Assert.Equal(1, error.RecordIndex);
    }

    [Fact]
    public void TryRead_MissingField_NamesLine()
    {
        var (ok, _, error) = Read("timestamp,Value\nt0,1\nt1\n");

        Assert.False(ok);
        Assert.StartsWith("line 3: expected 2 fields, found 1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "line 1: the file is empty")]
    [InlineData("x,y\n1,2\n", "line 1: no column 'Value'")]
    public void TryRead_NoUsableHeader_Fails(string text, string expected)
    {
        var (ok, _, error) = Read(text);

        Assert.False(ok);
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_ArbitraryText_NeverThrows()
    {
        Prop.ForAll<string>(text =>
        {
            _ = CsvSeriesReader.TryRead(new StringReader("Value\n" + (text ?? string.Empty)), null, out _, out _);
            return true;
        }).QuickCheckThrowOnFailure();
    }
}
