using AiObsStream.Core.Detectors.SpectralResidual;

namespace AiObsStream.Core.Tests.Detectors;

public class SrStreamingDetectorTests
{
    // ML.NET AnomalyDetectionWithSrCnn: DetectAnomalyBySrCnn(16, 5, 5, 3, 8, 0.35).
    private static readonly SrStreamingOptions MlNetTestOptions = new()
    {
        WindowSize = 16, BackAddWindowSize = 5, LookaheadWindowSize = 5, AveragingWindowSize = 3,
        JudgementWindowSize = 8, Threshold = 0.35,
    };

    private static SrPoint[] Run(float[] values, SrStreamingOptions? options = null)
    {
        var results = new SrPoint[values.Length];
        new SrStreamingDetector(options).Detect(values, results);
        return results;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Detect_MlNetAnomalyDetectionCase_FlagsOnlyIndex20(bool fromFile)
    {
        float[] values = fromFile
            ? ConformanceData.LoadSingle("anomaly_detection.csv")
            : Array.ConvertAll(ConformanceData.Generated(), v => (float)v);

        SrPoint[] results = Run(values, MlNetTestOptions);

        Assert.Equal(values.Length, results.Length);
        for (int i = 0; i < results.Length; i++)
        {
            Assert.True(results[i].IsAnomaly == (i == 20), $"index {i}: {results[i]}");
        }
    }

    [Fact]
    public void Detect_NegatedSeries_SameFlagsAndScores()
    {
        float[] values = ConformanceData.LoadSingle("anomaly_detection.csv");
        float[] negated = Array.ConvertAll(values, v => -v);

        SrPoint[] a = Run(values, MlNetTestOptions);
        SrPoint[] b = Run(negated, MlNetTestOptions);

        for (int i = 0; i < a.Length; i++)
        {
            Assert.Equal(a[i].IsAnomaly, b[i].IsAnomaly);
            Assert.Equal(a[i].RawScore, b[i].RawScore, 4);
        }
    }

    [Fact]
    public void Update_FirstWindowMinusOne_OutputsZeros()
    {
        float[] values = ConformanceData.LoadSingle("big_spike_data.csv");
        SrPoint[] results = Run(values);

        for (int i = 0; i < 63; i++)
        {
            Assert.Equal(default, results[i]);
        }

        Assert.NotEqual(0, results[63].Mag);
    }

    [Fact]
    public void Detect_SeriesShorterThanWindow_AllZeros()
    {
        SrPoint[] results = Run([1f, 2f, 50f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f]);

        Assert.All(results, r => Assert.Equal(default, r));
    }

    [Fact]
    public void Detect_BigSpike_RawScoreIsUnclippedAndAlerts()
    {
        float[] values = new float[80];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = 10 + (i % 7);
        }

        values[70] = 10_000;
        SrPoint[] results = Run(values);

        Assert.True(results[70].IsAnomaly);
        Assert.True(results[70].RawScore > 1, $"raw {results[70].RawScore}");
    }

    [Fact]
    public void Detect_ConstantSeries_FiniteScoresNoAlert()
    {
        float[] values = new float[100];
        Array.Fill(values, 42f);

        SrPoint[] results = Run(values);

        Assert.All(results, r => Assert.False(r.IsAnomaly));
        Assert.All(results, r => Assert.True(double.IsFinite(r.RawScore)));
    }

    [Fact]
    public void Update_NaNInput_NoAlertWhileInWindowThenRecovers()
    {
        float[] values = Array.ConvertAll(ConformanceData.Generated(), v => (float)v);
        float[] longer = [.. values, .. values, .. values];
        longer[30] = float.NaN;

        SrPoint[] results = Run(longer, MlNetTestOptions);

        for (int i = 30; i < 46; i++)
        {
            Assert.False(results[i].IsAnomaly);
            Assert.True(double.IsNaN(results[i].RawScore));
        }

        Assert.True(double.IsFinite(results[46].RawScore));
        Assert.True(results[46].IsAnomaly);
    }

    [Fact]
    public void WriteToReadFrom_MidStream_ContinuesIdentically()
    {
        float[] values = ConformanceData.LoadSingle("big_spike_data.csv");
        var detector = new SrStreamingDetector();
        var state = detector.CreateState();
        for (int i = 0; i < 70; i++)
        {
            detector.Update(state, values[i]);
        }

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            state.WriteTo(writer);
        }

        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        SrSeriesState restored = SrSeriesState.ReadFrom(reader);

        Assert.Equal(1 + 4 + 4 + (64 * 4), stream.Length);
        for (int i = 70; i < values.Length; i++)
        {
            Assert.Equal(detector.Update(state, values[i]), detector.Update(restored, values[i]));
        }
    }

    [Fact]
    public void ReadFrom_UnknownVersion_Throws()
    {
        using var stream = new MemoryStream([9, 0, 0, 0, 0]);
        using var reader = new BinaryReader(stream);

        var ex = Assert.Throws<InvalidDataException>(() => SrSeriesState.ReadFrom(reader));
        Assert.Contains("version 9", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Update_StateOfOtherWindow_Throws()
    {
        var detector = new SrStreamingDetector();

        Assert.Throws<ArgumentException>(() => detector.Update(new SrSeriesState(16), 1f));
    }

    [Fact]
    public void Detect_WindowAboveDenseLimit_UsesMathNetDirectlyAndAgrees()
    {
        var rng = new Random(7);
        float[] values = new float[1200];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(Math.Sin(i / 5.0) + (rng.NextDouble() * 0.1));
        }

        values[1100] = 30;
        SrPoint[] results = Run(values, new SrStreamingOptions { WindowSize = 500 });

        Assert.True(results[1100].IsAnomaly);
        Assert.Equal(0, results[498].Mag);
        Assert.NotEqual(0, results[499].Mag);
    }

    [Theory]
    [InlineData(64, 0, 5, 3, 21, 0.3, "BackAddWindowSize")]
    [InlineData(64, 5, 0, 3, 21, 0.3, "LookaheadWindowSize")]
    [InlineData(64, 5, 65, 3, 21, 0.3, "LookaheadWindowSize")]
    [InlineData(64, 5, 5, 0, 21, 0.3, "AveragingWindowSize")]
    [InlineData(64, 5, 5, 3, 65, 0.3, "JudgementWindowSize")]
    [InlineData(64, 5, 5, 3, 21, 1.0, "Threshold")]
    [InlineData(64, 5, 5, 3, 21, 0.0, "Threshold")]
    [InlineData(6, 5, 5, 3, 6, 0.3, "WindowSize")]
    public void Constructor_InvalidOption_ThrowsNamingIt(int w, int backAdd, int look, int avg, int judge, double thr, string name)
    {
        var options = new SrStreamingOptions
        {
            WindowSize = w, BackAddWindowSize = backAdd, LookaheadWindowSize = look, AveragingWindowSize = avg,
            JudgementWindowSize = judge, Threshold = thr,
        };

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new SrStreamingDetector(options));
        Assert.Equal(name, ex.ParamName);
    }
}
