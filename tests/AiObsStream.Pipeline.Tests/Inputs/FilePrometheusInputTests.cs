using System.Text;
using System.Threading.Channels;
using AiObsStream.Core.Events;
using AiObsStream.Pipeline.Inputs;

namespace AiObsStream.Pipeline.Tests.Inputs;

/// <summary>Prometheus/OpenMetrics files: the dialect is decided before the first sample (README "Prometheus and OpenMetrics input").</summary>
public sealed class FilePrometheusInputTests : IDisposable
{
    private const string Labels = "{gpu=\"0\",UUID=\"GPU-f\",Hostname=\"node-f\"}";
    private static readonly DateTimeOffset Year2026 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("aiobs-prom-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Read_OpenMetricsWithEofOnlyAtTheEndOfALargeFile_TimestampsInTheRightYear()
    {
        // > 64 KiB, no '# UNIT' and no counter: the only marker is the final '# EOF', beyond the sniffed head.
        var text = new StringBuilder("# TYPE DCGM_FI_DEV_GPU_TEMP gauge\n");
        for (var i = 0; i < 2000; i++)
        {
            text.Append("DCGM_FI_DEV_GPU_TEMP").Append(Labels).Append(" 61 ").Append(1795345957 + i).Append(".125\n");
        }

        text.Append("# EOF\n");
        var (events, rejects) = await ReadAsync(text.ToString());
        Assert.Empty(rejects);
        Assert.Equal(2000, events.Count);
        Assert.All(events, e => Assert.True(e.TimeUnixMs > Year2026.ToUnixTimeMilliseconds()));
        Assert.Equal(1795345957125L, events[0].TimeUnixMs);
    }

    [Fact]
    public async Task Read_TimestampsReadableOnlyAsSecondsWithoutMarkers_FileDeadLetteredNotGuessed()
    {
        var (events, rejects) = await ReadAsync("DCGM_FI_DEV_GPU_TEMP" + Labels + " 61 1795345957\n");
        Assert.Empty(events);
        var reject = Assert.Single(rejects);
        Assert.Equal(RejectReason.InvalidValue, reject.Reason);
        Assert.Contains("cannot tell OpenMetrics", reject.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_TimestampedFileWithACutLine_OnlyThatLineIsInvalidValue()
    {
        var (events, rejects) = await ReadAsync(
            "DCGM_FI_DEV_GPU_TEMP" + Labels + " 61 1795345957000\n"
            + "DCGM_FI_DEV_GPU_TEMP" + Labels + " 62\n" // its timestamp was cut off
            + "DCGM_FI_DEV_GPU_TEMP" + Labels + " 63 1795345958000\n");
        Assert.Equal([1795345957000L, 1795345958000L], events.Select(e => e.TimeUnixMs));
        var reject = Assert.Single(rejects);
        Assert.Equal(RejectReason.InvalidValue, reject.Reason);
        Assert.Contains("no timestamp", reject.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, " 61 1795345959")] // the timestamp cut to 10 digits (seconds' length): 1970 in milliseconds
    [InlineData(1, " 61 179534595")] // cut to 9 digits
    [InlineData(0, " 61 1795345")] // the first line's, so it cannot decide the file's dialect either
    public async Task Read_TimestampedFileWithOneTimestampCutShort_OnlyThatSampleIsInvalidValue(int damaged, string tail)
    {
        var lines = Enumerable.Range(0, 6).Select(i => "DCGM_FI_DEV_GPU_TEMP" + Labels + " 61 " + (1795345957000 + (i * 1000))).ToArray();
        lines[damaged] = "DCGM_FI_DEV_GPU_TEMP" + Labels + tail;
        var path = Write("# TYPE DCGM_FI_DEV_GPU_TEMP gauge\n" + string.Join('\n', lines) + "\n");
        File.SetLastWriteTimeUtc(path, new DateTime(2026, 12, 2, 10, 0, 0, DateTimeKind.Utc)); // ten days after the data
        var (events, rejects) = await ReadPathAsync(path);
        Assert.Equal(5, events.Count);
        Assert.All(events, e => Assert.InRange(e.TimeUnixMs, 1795345957000, 1795345962000));
        var reject = Assert.Single(rejects);
        Assert.Equal(RejectReason.InvalidValue, reject.Reason);
        Assert.Equal(damaged + 2, reject.Position); // its line (after the TYPE line), not the file
        Assert.Contains("not between 2000 and 2100", reject.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("+Inf", "not finite")]
    [InlineData("1e999", "beyond the range of a float64")]
    [InlineData("17777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777", "beyond the range of a float64")]
    public async Task Read_DcgmValueThatIsNoReading_InvalidValueForThatSampleOnly(string value, string why)
    {
        var (events, rejects) = await ReadAsync(
            "DCGM_FI_DEV_POWER_USAGE" + Labels + " 612.5 1795345957000\n"
            + "DCGM_FI_DEV_POWER_USAGE" + Labels + " " + value + " 1795345958000\n"
            + "DCGM_FI_DEV_POWER_USAGE" + Labels + " 613.5 1795345959000\n");
        Assert.Equal([612.5, 613.5], events.Select(e => e.Value));
        var reject = Assert.Single(rejects);
        Assert.Equal(RejectReason.InvalidValue, reject.Reason);
        Assert.Equal(2, reject.Position);
        Assert.Contains(why, reject.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_OpenMetricsFileWithOneMillisecondTimestamp_OnlyThatSampleIsInvalidValue()
    {
        var (events, rejects) = await ReadAsync("# TYPE DCGM_FI_DEV_GPU_TEMP gauge\n"
            + "DCGM_FI_DEV_GPU_TEMP{gpu=\"0\"} 61 1795345957.5\n"
            + "DCGM_FI_DEV_GPU_TEMP{gpu=\"1\"} 62 1795345957500\n"
            + "DCGM_FI_DEV_GPU_TEMP{gpu=\"2\"} 63 1795345957.5\n# EOF\n");
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal(1795345957500L, e.TimeUnixMs));
        var reject = Assert.Single(rejects);
        Assert.Equal(RejectReason.InvalidValue, reject.Reason);
        Assert.Contains("plausible in milliseconds", reject.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_FileWithMostTimestampsInSecondsAndNoMarker_DeadLetteredWholeWithCounts()
    {
        var (events, rejects) = await ReadAsync(
            "DCGM_FI_DEV_GPU_TEMP" + Labels + " 61 1795345957\n"
            + "DCGM_FI_DEV_GPU_TEMP" + Labels + " 62 1795345958\n"
            + "DCGM_FI_DEV_GPU_TEMP" + Labels + " 63 1795345959000\n");
        Assert.Empty(events);
        var reject = Assert.Single(rejects);
        Assert.Equal(RejectReason.InvalidValue, reject.Reason);
        Assert.Contains("only 1 of 3 timestamps", reject.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_OpenMetricsCaptureOfTwoExpositions_TruncatedSecondRejectedWhole()
    {
        var (events, rejects) = await ReadAsync(
            "DCGM_FI_DEV_GPU_TEMP" + Labels + " 61 1795345957\n# EOF\n"
            + "DCGM_FI_DEV_GPU_TEMP" + Labels + " 62 1795345967\n");
        Assert.Equal(1795345957000L, Assert.Single(events).TimeUnixMs);
        Assert.Contains("content after '# EOF' (line 3)", Assert.Single(rejects).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_OpenMetricsFileWithoutEof_RejectedWhole()
    {
        var (events, rejects) = await ReadAsync("# TYPE c counter\nc_total 1 1795345957\nDCGM_FI_DEV_GPU_TEMP" + Labels + " 62 1795345967\n");
        Assert.Empty(events);
        Assert.Contains("does not end with '# EOF'", Assert.Single(rejects).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_UntimestampedDcgmCapture_TakesTheFileTime()
    {
        var path = Write("# TYPE DCGM_FI_DEV_GPU_UTIL gauge\nDCGM_FI_DEV_GPU_UTIL" + Labels + " 87\n");
        File.SetLastWriteTimeUtc(path, Year2026.UtcDateTime);
        var (events, rejects) = await ReadPathAsync(path);
        Assert.Empty(rejects);
        Assert.Equal(Year2026.ToUnixTimeMilliseconds(), Assert.Single(events).TimeUnixMs);
    }

    private Task<(List<TelemetryEvent> Events, List<DeadLetter> Rejects)> ReadAsync(string text) => ReadPathAsync(Write(text));

    private string Write(string text)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".prom");
        File.WriteAllText(path, text);
        return path;
    }

    private static async Task<(List<TelemetryEvent> Events, List<DeadLetter> Rejects)> ReadPathAsync(string path)
    {
        var input = new FileInput(path, new InputOptions());
        var channel = Channel.CreateUnbounded<InputBatch>();
        await input.RunAsync(channel.Writer, CancellationToken.None);
        var (events, rejects) = await InputBatches.DrainAsync(channel.Reader);

        return (events, rejects);
    }
}
