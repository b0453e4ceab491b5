using AiObsStream.Core.Evaluation.Nab;

namespace AiObsStream.Core.Tests.Evaluation;

public class NabSeriesTests
{
    [Fact]
    public void Constructor_WindowEndNotInSeries_ThrowsNamingSeries()
    {
        long[] ts = [0, 60_000, 120_000, 180_000];

        var ex = Assert.Throws<ArgumentException>(() => new NabSeries("x.csv", ts, new double[4], [new NabWindow(60_000, 90_000)]));

        Assert.Contains("x.csv: window 0 end", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_WindowStartNotInSeries_Throws()
    {
        long[] ts = [0, 60_000, 120_000, 180_000];

        Assert.Throws<ArgumentException>(() => new NabSeries("x.csv", ts, new double[4], [new NabWindow(30_000, 120_000)]));
    }

    [Fact]
    public void Constructor_DuplicatedTimestamps_ResolvesLikeNab()
    {
        // NAB files repeat DST hours; the right edge is the first row holding the end timestamp.
        long[] ts = [0, 1, 2, 2, 3, 4, 5];

        var series = new NabSeries("d.csv", ts, new double[7], [new NabWindow(1, 3)]);

        Assert.Equal(new NabWindowRange(1, 4, 4), series.WindowRanges[0]);
    }

    [Fact]
    public void Constructor_LengthMismatch_Throws()
    {
        Assert.Throws<ArgumentException>(() => new NabSeries("x.csv", [0, 1], new double[3], []));
    }
}
