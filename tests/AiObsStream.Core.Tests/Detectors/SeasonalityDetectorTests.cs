using AiObsStream.Core.Detectors.SpectralResidual;

namespace AiObsStream.Core.Tests.Detectors;

public class SeasonalityDetectorTests
{
    // ML.NET TestDetectSeasonality: y = sin(2π + x), x = 0..99.
    [Theory]
    [InlineData(-1, 6)]
    [InlineData(60, 6)]
    [InlineData(20, -1)]
    public void DetectPeriod_MlNetSine_ExpectedPeriod(int window, int expected)
    {
        double[] values = new double[100];
        for (int x = 0; x < values.Length; x++)
        {
            values[x] = Math.Sin((2 * Math.PI) + x);
        }

        Assert.Equal(expected, SeasonalityDetector.DetectPeriod(values, window));
    }

    [Theory]
    [InlineData("period_no_anomaly.csv")]
    [InlineData("period_anomaly.csv")]
    public void DetectPeriod_ConformanceSeries_Finds288(string file)
    {
        Assert.Equal(288, SeasonalityDetector.DetectPeriod(ConformanceData.Load(file)));
    }

    [Fact]
    public void DetectPeriod_TooShort_ReturnsMinusOne()
    {
        // Like ML.NET, the mean is not removed, so a constant series can report a spurious period; tiny ones cannot.
        Assert.Equal(-1, SeasonalityDetector.DetectPeriod([1.0]));
        Assert.Equal(-1, SeasonalityDetector.DetectPeriod([1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0, 2.0]));
    }

    [Fact]
    public void DetectPeriod_InvalidWindow_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SeasonalityDetector.DetectPeriod([1.0, 2.0], -2));
    }
}
