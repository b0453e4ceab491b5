using AiObsStream.Cli.ConsoleView;

namespace AiObsStream.Cli.Tests.ConsoleView;

public class ProgressRendererTests
{
    private const long Now = 1_790_000_000_000;

    private static InputProgress File(long read, long total, long records = 0, bool finished = false) =>
        new("/data/a.jsonl", Live: false, read, total, records, Rejected: 0, Lag: -1, finished);

    private static InputProgress Partition(long lag, long records) =>
        new("aoai-logs/0", Live: true, Bytes: 0, TotalBytes: -1, records, Rejected: 3, lag, Finished: false);

    private static RateMeter Rates(double seconds, long bytes, long records)
    {
        var rates = new RateMeter(TimeSpan.FromSeconds(5));
        rates.Add(TimeSpan.Zero, 0, 0);
        rates.Add(TimeSpan.FromSeconds(seconds), bytes, records);
        return rates;
    }

    [Fact]
    public void File_HalfRead_ShowsShareRateAndEta()
    {
        var snapshot = new ProgressSnapshot([File(50_000_000, 100_000_000, records: 120_000)], OpenIncidents: 1, WatermarkUnixMs: null);

        var line = ProgressRenderer.TerminalLine(snapshot, Rates(5, 50_000_000, 120_000), Now, width: 200);

        Assert.Equal("  50% of 100.0 MB | 10.0 MB/s, ETA 0:05 | 120,000 records, 24,000/s | 1 open incident", line);
    }

    [Theory]
    [InlineData(0, 100, 10.0, "0:10")]
    [InlineData(0, 1_000_000, 250.0, "1:06:40")]
    [InlineData(90, 100, 10.0, "0:01")]
    [InlineData(120, 100, 10.0, "0:00")]
    public void Eta_RemainingOverRate(long read, long total, double rate, string expected)
    {
        Assert.Equal(expected, ProgressRenderer.Duration(ProgressRenderer.Eta(read, total, rate)!.Value));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0.0)]
    public void Eta_UnknownOrZeroRate_IsNull(double? rate)
    {
        Assert.Null(ProgressRenderer.Eta(10, 100, rate));
    }

    [Fact]
    public void File_BeforeTheFirstRate_EtaIsAQuestionMark()
    {
        var snapshot = new ProgressSnapshot([File(0, 1_000)], 0, null);

        Assert.Equal("  0% of 1.0 kB | -/s, ETA ? | 0 records | 0 open incidents",
            ProgressRenderer.TerminalLine(snapshot, new RateMeter(TimeSpan.FromSeconds(5)), Now, 200));
    }

    [Fact]
    public void File_UnknownOrExceededSize_ShowsBytesReadWithoutShareOrEta()
    {
        // A gzip file whose trailer could not give its size, and one read past the size it claimed.
        var unknown = new ProgressSnapshot([File(2_500_000, -1)], 0, null);
        var exceeded = new ProgressSnapshot([File(2_500_000, 1_000_000)], 0, null);

        Assert.StartsWith("  2.5 MB read | 500.0 kB/s | ", ProgressRenderer.TerminalLine(unknown, Rates(5, 2_500_000, 0), Now, 200), StringComparison.Ordinal);
        Assert.StartsWith("  2.5 MB read | ", ProgressRenderer.TerminalLine(exceeded, Rates(5, 2_500_000, 0), Now, 200), StringComparison.Ordinal);
    }

    [Fact]
    public void Files_FinishedOnesCountWhatTheyRead()
    {
        var snapshot = new ProgressSnapshot([File(900, 1_000, finished: true), File(100, 1_100)], 0, null);

        Assert.Equal(900 + 1_100, snapshot.FileTotalBytes);
        Assert.StartsWith("  50% of 2.0 kB", ProgressRenderer.TerminalLine(snapshot, new RateMeter(TimeSpan.FromSeconds(5)), Now, 200), StringComparison.Ordinal);
    }

    [Fact]
    public void Live_ShowsLagWatermarkDelayAndOpenIncidents()
    {
        var snapshot = new ProgressSnapshot([Partition(1_200, 5_000), Partition(34, 7_000)], OpenIncidents: 2, WatermarkUnixMs: Now - 95_000);

        var line = ProgressRenderer.TerminalLine(snapshot, Rates(2, 0, 12_000), Now, 200);

        Assert.Equal("  12,000 records, 6,000/s | 6 rejected | lag 1,234 | watermark delay 1:35 | 2 open incidents", line);
    }

    [Fact]
    public void Replay_ShowsEventTimeInsteadOfADelay()
    {
        var snapshot = new ProgressSnapshot([File(10, 100)], 0, WatermarkUnixMs: Now);

        Assert.Contains("event time 2026-09-21 14:13", ProgressRenderer.TerminalLine(snapshot, new RateMeter(TimeSpan.FromSeconds(5)), Now, 200), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(80)]
    [InlineData(50)]
    [InlineData(30)]
    [InlineData(10)]
    public void TerminalLine_FitsTheWidth_DroppingTheLeastUsefulPartsFirst(int width)
    {
        var snapshot = new ProgressSnapshot([File(50_000_000, 100_000_000, 120_000), Partition(1_200, 5_000)], 2, Now - 5_000);

        var line = ProgressRenderer.TerminalLine(snapshot, Rates(5, 50_000_000, 125_000), Now, width);

        Assert.True(line.Length <= width - 1, $"{line.Length} > {width - 1}: {line}");
        if (width >= 50)
        {
            Assert.Contains("2 open incidents", line, StringComparison.Ordinal); // what matters most stays longest
            Assert.Contains("50% of 100.0 MB", line, StringComparison.Ordinal);
        }

        if (width == 50)
        {
            Assert.DoesNotContain("rejected", line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void LogLine_KeepsEveryPart_WithTheElapsedTimeFirst()
    {
        var snapshot = new ProgressSnapshot([File(50_000_000, 100_000_000, 120_000), Partition(1_200, 5_000)], 2, Now - 5_000);

        var line = ProgressRenderer.LogLine(snapshot, Rates(5, 50_000_000, 125_000), TimeSpan.FromSeconds(70), Now);

        Assert.Equal("aiobs run 1:10 | 50% of 100.0 MB | 10.0 MB/s, ETA 0:05 | 125,000 records, 25,000/s | 3 rejected | lag 1,200 | watermark delay 0:05 | 2 open incidents", line);
    }

    [Theory]
    [InlineData(999, "999 B")]
    [InlineData(1_500, "1.5 kB")]
    [InlineData(291_000_000, "291.0 MB")]
    [InlineData(4_200_000_000, "4.2 GB")]
    public void Bytes_DecimalUnits(long bytes, string expected)
    {
        Assert.Equal(expected, ProgressRenderer.Bytes(bytes));
    }
}
