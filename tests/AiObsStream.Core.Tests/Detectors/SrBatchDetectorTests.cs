using AiObsStream.Core.Detectors.SpectralResidual;

namespace AiObsStream.Core.Tests.Detectors;

public class SrBatchDetectorTests
{
    private static SrBatchPoint[] Run(double[] values, SrBatchOptions options) => new SrBatchDetector(options).Detect(values);

    public static TheoryData<SrDetectMode, bool, int> BatchCases()
    {
        var data = new TheoryData<SrDetectMode, bool, int>();
        foreach (var mode in new[] { SrDetectMode.AnomalyOnly, SrDetectMode.AnomalyAndExpectedValue, SrDetectMode.AnomalyAndMargin })
        {
            foreach (bool fromFile in new[] { true, false })
            {
                foreach (int batch in new[] { -1, 24, 26, 512 })
                {
                    data.Add(mode, fromFile, batch);
                }
            }
        }

        return data;
    }

    // ML.NET TestSrCnnBatchAnomalyDetector (threshold 0.35, sensitivity 98).
    [Theory]
    [MemberData(nameof(BatchCases))]
    public void Detect_MlNetBatchCase_FlagsOnlyIndex20WithExpectedBand(SrDetectMode mode, bool fromFile, int batchSize)
    {
        double[] data = fromFile ? ConformanceData.Load("anomaly_detection.csv") : ConformanceData.Generated();
        var options = new SrBatchOptions { Threshold = 0.35, BatchSize = batchSize, Sensitivity = 98, DetectMode = mode };

        SrBatchPoint[] results = Run(data, options);

        for (int k = 0; k < results.Length; k++)
        {
            Assert.True(results[k].IsAnomaly == (k == 20), $"index {k}: {results[k]}");
        }

        SrBatchPoint p = results[20];
        if (mode == SrDetectMode.AnomalyOnly)
        {
            Assert.True(double.IsNaN(p.ExpectedValue));
            return;
        }

        Assert.Equal(5.00, p.ExpectedValue, 2);
        if (mode == SrDetectMode.AnomalyAndMargin)
        {
            Assert.Equal(5.00, p.BoundaryUnit, 2);
            Assert.Equal(5.01, p.UpperBoundary, 2);
            Assert.Equal(4.99, p.LowerBoundary, 2);
            Assert.True(p.LowerBoundary > data[20] || data[20] > p.UpperBoundary);
        }
        else
        {
            Assert.True(double.IsNaN(p.BoundaryUnit));
        }
    }

    // ML.NET TestSrCnnAnomalyDetectorWithSeasonalData.
    [Theory]
    [InlineData(SrDeseasonalityMode.Stl)]
    [InlineData(SrDeseasonalityMode.Mean)]
    [InlineData(SrDeseasonalityMode.Median)]
    public void Detect_PeriodNoAnomaly_NothingFlaggedAndInsideBand(SrDeseasonalityMode mode)
    {
        double[] data = ConformanceData.Load("period_no_anomaly.csv");
        var options = new SrBatchOptions
        {
            Threshold = 0.3, BatchSize = -1, Sensitivity = 64, DetectMode = SrDetectMode.AnomalyAndMargin,
            Period = 288, DeseasonalityMode = mode,
        };

        SrBatchPoint[] results = Run(data, options);

        for (int k = 0; k < results.Length; k++)
        {
            Assert.False(results[k].IsAnomaly, $"index {k}");
            Assert.True(results[k].LowerBoundary <= data[k] && data[k] <= results[k].UpperBoundary, $"index {k}");
        }
    }

    // ML.NET TestSrCnnAnomalyDetectorWithSeasonalAnomalyData.
    [Theory]
    [InlineData(SrDeseasonalityMode.Stl)]
    [InlineData(SrDeseasonalityMode.Mean)]
    [InlineData(SrDeseasonalityMode.Median)]
    public void Detect_PeriodAnomaly_Flags2988To3095(SrDeseasonalityMode mode)
    {
        double[] data = ConformanceData.Load("period_anomaly.csv");
        var options = new SrBatchOptions
        {
            Threshold = 0.23, BatchSize = -1, Sensitivity = 63, DetectMode = SrDetectMode.AnomalyAndMargin,
            Period = 288, DeseasonalityMode = mode,
        };

        SrBatchPoint[] results = Run(data, options);

        for (int k = 0; k < results.Length; k++)
        {
            bool expected = k >= 2988 && k <= 3095;
            Assert.True(results[k].IsAnomaly == expected, $"index {k}: {results[k]}");
            bool inside = results[k].LowerBoundary <= data[k] && data[k] <= results[k].UpperBoundary;
            Assert.True(inside != expected, $"band at {k}");
        }
    }

    // ML.NET TestSrCnnAnomalyDetectorBigSpike.
    [Theory]
    [InlineData(SrDetectMode.AnomalyOnly)]
    [InlineData(SrDetectMode.AnomalyAndExpectedValue)]
    public void Detect_BigSpike_FlagsOnlyIndex26(SrDetectMode mode)
    {
        double[] data = ConformanceData.Load("big_spike_data.csv");
        var options = new SrBatchOptions { Threshold = 0.3, BatchSize = -1, Sensitivity = 80, DetectMode = mode };

        SrBatchPoint[] results = Run(data, options);

        for (int k = 0; k < results.Length; k++)
        {
            Assert.True(results[k].IsAnomaly == (k == 26), $"index {k}: {results[k]}");
        }
    }

    // ML.NET TestSrCnnAnomalyDetectorWithAnomalyAtBeginning (the deseasonality mode is irrelevant at period 0).
    [Fact]
    public void Detect_AnomalyAtBeginning_FlagsOnlyIndex1()
    {
        double[] data = ConformanceData.Load("anomaly_at_beginning.csv");
        var options = new SrBatchOptions
        {
            Threshold = 0.3, BatchSize = -1, Sensitivity = 80, DetectMode = SrDetectMode.AnomalyAndMargin,
        };

        SrBatchPoint[] results = Run(data, options);

        for (int k = 0; k < results.Length; k++)
        {
            Assert.True(results[k].IsAnomaly == (k == 1), $"index {k}: {results[k]}");
            bool inside = results[k].LowerBoundary <= data[k] && data[k] <= results[k].UpperBoundary;
            Assert.True(inside == (k != 1), $"band at {k}");
        }
    }

    // ML.NET TestSrcnnEntireDetectNonnegativeData.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Detect_OneSignedData_ExpectedValueKeepsSign(bool positive)
    {
        double[] data = ConformanceData.Load("non_negative_case.csv");
        if (!positive)
        {
            data = Array.ConvertAll(data, v => -v);
        }

        var options = new SrBatchOptions
        {
            Threshold = 0.10, BatchSize = -1, Sensitivity = 99, DetectMode = SrDetectMode.AnomalyAndMargin,
        };

        SrBatchPoint[] results = Run(data, options);

        Assert.All(results, r => Assert.True(positive ? r.ExpectedValue >= 0 : r.ExpectedValue <= 0));
    }
}
