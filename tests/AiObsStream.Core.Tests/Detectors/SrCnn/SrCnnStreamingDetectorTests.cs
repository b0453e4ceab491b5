using AiObsStream.Core.Detectors.SpectralResidual;
using AiObsStream.Core.Detectors.SrCnn;

namespace AiObsStream.Core.Tests.Detectors.SrCnn;

public class SrCnnStreamingDetectorTests
{
    private const int SpikeAt = 300;

    private static float[] Sine(int length, bool spike)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = 100f + (10f * MathF.Sin(2 * MathF.PI * i / 24f));
        }

        if (spike)
        {
            values[SpikeAt] += 60f;
        }

        return values;
    }

    private static SrPoint[] Run(SrCnnStreamingDetector detector, float[] values)
    {
        var results = new SrPoint[values.Length];
        detector.Detect(values, results);
        return results;
    }

    [Fact]
    public void Detect_TrainedWeightsSineWithSpike_FlagsTheSpike()
    {
        var detector = new SrCnnStreamingDetector(SrCnnTestModels.Trained());

        SrPoint[] results = Run(detector, Sine(400, spike: true));

        Assert.True(results[SpikeAt].IsAnomaly, $"spike: {results[SpikeAt]}");
        Assert.True(results[SpikeAt].RawScore > 0.9, $"spike probability {results[SpikeAt].RawScore}");
        for (int i = 0; i < SpikeAt; i++)
        {
            Assert.False(results[i].IsAnomaly, $"index {i}: {results[i]}");
        }
    }

    [Fact]
    public void Detect_TrainedWeightsCleanSine_FlagsNothing()
    {
        var detector = new SrCnnStreamingDetector(SrCnnTestModels.Trained());

        SrPoint[] results = Run(detector, Sine(400, spike: false));

        for (int i = 0; i < results.Length; i++)
        {
            Assert.False(results[i].IsAnomaly, $"index {i}: {results[i]}");
        }
    }

    [Fact]
    public void Update_FirstWindowMinusBackAddMinusOne_OutputsZeros()
    {
        var detector = new SrCnnStreamingDetector(SrCnnTestModels.Trained());

        SrPoint[] results = Run(detector, Sine(100, spike: false));

        for (int i = 0; i < 58; i++)
        {
            Assert.Equal(default, results[i]);
        }

        Assert.True(results[58].Mag > 0);
        Assert.InRange(results[58].RawScore, 0, 1);
    }

    [Fact]
    public void Detect_SameInputTwice_BitIdentical()
    {
        float[] values = Sine(400, spike: true);
        SrCnnModel model = SrCnnTestModels.Trained();

        SrPoint[] a = Run(new SrCnnStreamingDetector(model), values);
        var detector = new SrCnnStreamingDetector(model);
        Run(detector, Sine(200, spike: false));
        SrPoint[] b = Run(detector, values);

        Assert.Equal(a, b);
    }

    [Fact]
    public void Update_StateRoundTripMidStream_SameOutputs()
    {
        float[] values = Sine(400, spike: true);
        var detector = new SrCnnStreamingDetector(SrCnnTestModels.Trained());
        SrPoint[] expected = Run(detector, values);
        SrSeriesState state = detector.CreateState();
        for (int i = 0; i < 150; i++)
        {
            detector.Update(state, values[i]);
        }

        using var buffer = new MemoryStream();
        state.WriteTo(new BinaryWriter(buffer));
        buffer.Position = 0;
        SrSeriesState restored = SrSeriesState.ReadFrom(new BinaryReader(buffer));

        for (int i = 150; i < values.Length; i++)
        {
            Assert.Equal(expected[i], detector.Update(restored, values[i]));
        }
    }

    [Fact]
    public void Update_StateOfOtherWindow_Throws()
    {
        var detector = new SrCnnStreamingDetector(SrCnnTestModels.Trained());

        Assert.Throws<ArgumentException>(() => detector.Update(new SrSeriesState(64), 1f));
    }

    [Fact]
    public void Constructor_ThresholdOption_OverridesModelThreshold()
    {
        SrCnnModel model = SrCnnTestModels.Trained();

        Assert.Equal(model.Threshold, new SrCnnStreamingDetector(model).Threshold, 6);
        Assert.Equal(0.2, new SrCnnStreamingDetector(model, new SrCnnStreamingOptions { Threshold = 0.2 }).Threshold, 6);
    }

    [Theory]
    [InlineData(0, 5, null)]
    [InlineData(5, 0, null)]
    [InlineData(5, 5, 1.0)]
    [InlineData(60, 5, null)]
    public void Constructor_InvalidOptions_Throws(int backAdd, int lookahead, double? threshold)
    {
        var options = new SrCnnStreamingOptions { BackAddWindowSize = backAdd, LookaheadWindowSize = lookahead, Threshold = threshold };

        Assert.Throws<ArgumentOutOfRangeException>(() => new SrCnnStreamingDetector(SrCnnTestModels.Trained(), options));
    }

    [Fact]
    public void Extrapolate_LinearRamp_ContinuesFromSecondToLast()
    {
        // v = x[n-7 .. n-2] of a ramp x[i] = i over n = 10 real points: v = 3..8; prediction = v[1] + Σ (8 − v[i])/(5 − i).
        float[] buffer = new float[15];
        for (int i = 0; i < 10; i++)
        {
            buffer[i] = i;
        }

        SrCnnStreamingDetector.Extrapolate(buffer, 10, 5);

        float expected = 4f + (5f / 5) + (4f / 4) + (3f / 3) + (2f / 2) + (1f / 1);
        for (int i = 10; i < 15; i++)
        {
            Assert.Equal(expected, buffer[i]);
        }
    }
}
