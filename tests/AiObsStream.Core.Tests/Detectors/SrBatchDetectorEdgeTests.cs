using AiObsStream.Core.Detectors.SpectralResidual;

namespace AiObsStream.Core.Tests.Detectors;

public class SrBatchDetectorEdgeTests
{
    [Fact]
    public void Detect_FewerThan12Points_ThrowsMlNetMessage()
    {
        var detector = new SrBatchDetector(new SrBatchOptions { BatchSize = -1 });

        var ex = Assert.Throws<ArgumentException>(() => detector.Detect(new double[11]));
        Assert.StartsWith("The input must contain no less than 12 points.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_Empty_ReturnsEmpty()
    {
        Assert.Empty(new SrBatchDetector().Detect([]));
    }

    [Fact]
    public void Detect_NaNValue_ThrowsNamingIndex()
    {
        double[] data = ConformanceData.Generated();
        data[3] = double.NaN;

        var ex = Assert.Throws<ArgumentException>(() => new SrBatchDetector().Detect(data));
        Assert.Contains("values[3]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_ConstantSeries_NoAnomalyZeroScore()
    {
        double[] data = new double[50];
        Array.Fill(data, 3.0);

        SrBatchPoint[] results = new SrBatchDetector(new SrBatchOptions { DetectMode = SrDetectMode.AnomalyAndMargin }).Detect(data);

        Assert.All(results, r => Assert.False(r.IsAnomaly));
        Assert.All(results, r => Assert.Equal(3.0, r.ExpectedValue, 9));
    }

    [Fact]
    public void Detect_ShortFinalBatch_ScoredWithTailOfPreviousBatch()
    {
        double[] data = ConformanceData.Load("big_spike_data.csv"); // 135 points
        var options = new SrBatchOptions { BatchSize = 64, DetectMode = SrDetectMode.AnomalyAndMargin };

        SrBatchPoint[] results = new SrBatchDetector(options).Detect(data);

        // Last batch = points 128..134 (7 < 12): scored as points 71..134 (previous batch minus its first 7).
        double[] combined = data[71..];
        SrBatchPoint[] reference = new SrBatchDetector(options with { BatchSize = -1 }).Detect(combined);
        for (int i = 128; i < 135; i++)
        {
            Assert.Equal(reference[i - 71], results[i]);
        }
    }

    [Fact]
    public void Detect_NegativeDataMargin_UnitIsPointThree()
    {
        // Quirk Q5: every non-anomalous trend is negative, so "close to zero" holds and the unit is 0.3.
        double[] data = Array.ConvertAll(ConformanceData.Load("big_spike_data.csv"), v => -1000 - v);

        SrBatchPoint[] results = new SrBatchDetector(new SrBatchOptions { BatchSize = -1, DetectMode = SrDetectMode.AnomalyAndMargin }).Detect(data);

        Assert.All(results, r => Assert.Equal(0.3, r.BoundaryUnit));
    }

    [Theory]
    [InlineData(-1, 2000, 0.3, 70.0, "Period", "Must be an integer equal to or greater than 0.")]
    [InlineData(0, 11, 0.3, 70.0, "BatchSize", "Must be -1 or no less than 12.")]
    [InlineData(10, 39, 0.3, 70.0, "BatchSize", "Must be at least four times the length of one period.")]
    [InlineData(0, 2000, 1.1, 70.0, "Threshold", "Must be in [0,1].")]
    [InlineData(0, 2000, double.NaN, 70.0, "Threshold", "Must be in [0,1].")]
    [InlineData(0, 2000, 0.3, 100.5, "Sensitivity", "Must be in [0,100].")]
    public void Constructor_InvalidOption_ThrowsMlNetMessage(int period, int batch, double threshold, double sensitivity, string name, string message)
    {
        var options = new SrBatchOptions { Period = period, BatchSize = batch, Threshold = threshold, Sensitivity = sensitivity };

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new SrBatchDetector(options));
        Assert.Equal(name, ex.ParamName);
        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidEnums_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SrBatchDetector(new SrBatchOptions { DetectMode = (SrDetectMode)7 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SrBatchDetector(new SrBatchOptions { DeseasonalityMode = (SrDeseasonalityMode)7 }));
    }

    [Theory]
    [InlineData(0, 532)]
    [InlineData(25, 30)]
    [InlineData(50, 3)]
    [InlineData(55, 1)]
    [InlineData(60, 0.8)]
    [InlineData(64, 0.64)]
    [InlineData(70, 0.45)]
    [InlineData(80, 0.225)]
    [InlineData(90, 0.0909090909)]
    [InlineData(93, 0.0436363636)]
    [InlineData(98, 0.002225)]
    [InlineData(99, 0.0003)]
    [InlineData(100, 0)]
    public void Factors_SpotValues_MatchMlNetTable(int sensitivity, double expected)
    {
        Assert.Equal(expected, SrSensitivity.Factors[sensitivity], 9);
    }

    [Fact]
    public void AnomalyScore_DistanceOne_Is045()
    {
        Assert.Equal(0.45, SrSensitivity.AnomalyScore(6, 5, 1, isAnomaly: true), 12);
        Assert.Equal(0, SrSensitivity.AnomalyScore(6, 5, 1, isAnomaly: false));
    }

    [Fact]
    public void Margin_FractionalSensitivity_Interpolates()
    {
        double expected = (SrSensitivity.Factors[55] + SrSensitivity.Factors[56]) / 2 * 2.0;

        Assert.Equal(expected, SrSensitivity.Margin(2.0, 55.5), 12);
    }

    [Fact]
    public void MedianTrend_TwoEnded_MatchesNaiveMedian()
    {
        var rng = new Random(3);
        double[] data = new double[40];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = rng.Next(0, 10);
        }

        var trend = new double[data.Length];
        SrMedianTrend.Compute(data, 13, trend);

        for (int i = 0; i < data.Length; i++)
        {
            double[] window = data[Math.Max(0, i - 6)..Math.Min(data.Length, i + 7)];
            Array.Sort(window);
            int c = window.Length;
            double median = c % 2 == 1 ? window[c / 2] : (window[(c / 2) - 1] + window[c / 2]) / 2;
            Assert.Equal(median, trend[i]);
        }
    }
}
