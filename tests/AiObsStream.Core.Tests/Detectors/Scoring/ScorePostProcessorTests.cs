using AiObsStream.Core.Detectors.Scoring;

namespace AiObsStream.Core.Tests.Detectors.Scoring;

public class ScorePostProcessorTests
{
    private static double[] Run(ScorePostProcessor post, ScorePostProcessorState state, double[] values, double[] raw)
    {
        var scores = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            scores[i] = post.Update(state, values[i], raw[i]);
        }

        return scores;
    }

    private static (double[] Values, double[] Raw) Sine(int count, int seed)
    {
        var rng = new Random(seed);
        var values = new double[count];
        var raw = new double[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = 10 + Math.Sin(i / 10.0) + (0.1 * rng.NextDouble());
            raw[i] = 0.1 + (0.05 * rng.NextDouble());
        }

        return (values, raw);
    }

    [Fact]
    public void Update_StationarySeries_ScoresStayLow()
    {
        var post = new ScorePostProcessor();
        var (values, raw) = Sine(5_000, 1);

        double[] scores = Run(post, post.CreateState(), values, raw);

        Assert.All(scores, s => Assert.InRange(s, 0.0, 0.45));
    }

    [Fact]
    public void Update_ValueAboveSeenRangeAfterWarmup_ScoresOne()
    {
        var post = new ScorePostProcessor();
        var (values, raw) = Sine(1_000, 2);
        values[800] = 12.5;

        double[] scores = Run(post, post.CreateState(), values, raw);

        Assert.Equal(1.0, scores[800]);
        Assert.True(scores[801] < 0.45);
    }

    [Fact]
    public void Update_ValueOutsideRangeBeforeWarmup_IsNotFlagged()
    {
        var post = new ScorePostProcessor();
        var (values, raw) = Sine(200, 3);
        values[100] = 50;

        double[] scores = Run(post, post.CreateState(), values, raw);

        Assert.True(scores[100] < 0.1);
    }

    [Fact]
    public void Update_RangePolicyOff_IgnoresValues()
    {
        var post = new ScorePostProcessor(new ScorePostProcessorOptions { ValueRange = ValueRangePolicy.Off });
        var (values, raw) = Sine(1_000, 4);
        values[800] = 1e6;

        double[] scores = Run(post, post.CreateState(), values, raw);

        Assert.True(scores[800] < 0.45);
    }

    [Fact]
    public void Update_HighRawScoreAfterWarmup_ScoresHigh()
    {
        var post = new ScorePostProcessor();
        var (values, raw) = Sine(1_000, 5);
        raw[700] = 1.5;

        double[] scores = Run(post, post.CreateState(), values, raw);

        Assert.True(scores[700] > 0.5, $"score {scores[700]}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(149)]
    [InlineData(777)]
    public void WriteTo_ReadFrom_ContinuesIdentically(int prefix)
    {
        var post = new ScorePostProcessor();
        var state = post.CreateState();
        var (values, raw) = Sine(prefix + 500, 6);
        values[^100] = 20;
        Run(post, state, values[..prefix], raw[..prefix]);

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            state.WriteTo(writer);
        }

        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        var restored = ScorePostProcessorState.ReadFrom(reader);

        Assert.Equal(stream.Length, stream.Position);
        Assert.Equal(Run(post, state, values[prefix..], raw[prefix..]), Run(post, restored, values[prefix..], raw[prefix..]));
    }

    [Fact]
    public void WriteTo_DefaultOptionsAfterLongRun_StaysUnderDocumentedSize()
    {
        var post = new ScorePostProcessor();
        var state = post.CreateState();
        var (values, raw) = Sine(20_000, 7);
        Run(post, state, values, raw);

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            state.WriteTo(writer);
        }

        Assert.Equal(1_519, stream.ToArray().Length);
    }

    [Fact]
    public void Update_SameInputTwice_SameOutputs()
    {
        var post = new ScorePostProcessor();
        var (values, raw) = Sine(3_000, 8);
        values[2_000] = -5;

        Assert.Equal(Run(post, post.CreateState(), values, raw), Run(post, post.CreateState(), values, raw));
    }

    [Fact]
    public void Options_InvalidValues_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScorePostProcessor(new ScorePostProcessorOptions { ValueRangeTolerance = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScorePostProcessor(new ScorePostProcessorOptions { ValueRangeWarmup = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScorePostProcessor(new ScorePostProcessorOptions { ValueRange = (ValueRangePolicy)7 }));
    }
}
