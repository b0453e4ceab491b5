using AiObsStream.Core.Detectors.Scoring;

namespace AiObsStream.Core.Tests.Detectors.Scoring;

public class AnomalyLikelihoodScorerTests
{
    private static double[] Noise(int count, double mean, double spread, int seed)
    {
        var rng = new Random(seed);
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = mean + (spread * ((2 * rng.NextDouble()) - 1));
        }

        return values;
    }

    private static AnomalyLikelihoodPoint[] Run(AnomalyLikelihoodScorer scorer, AnomalyLikelihoodState state, double[] raw)
    {
        var points = new AnomalyLikelihoodPoint[raw.Length];
        for (int i = 0; i < raw.Length; i++)
        {
            points[i] = scorer.Update(state, raw[i]);
        }

        return points;
    }

    [Fact]
    public void Update_DuringProbation_ReportsHalf()
    {
        var scorer = new AnomalyLikelihoodScorer();
        var points = Run(scorer, scorer.CreateState(), Noise(500, 0.1, 0.05, 1));

        for (int i = 0; i < 388; i++)
        {
            Assert.Equal(0.5, points[i].Likelihood);
            Assert.Equal(AnomalyLikelihoodScorer.LogScore(0.5), points[i].Score);
        }

        Assert.NotEqual(0.5, points[388].Likelihood);
    }

    [Fact]
    public void Update_StationaryNoise_ScoresStayLow()
    {
        var scorer = new AnomalyLikelihoodScorer();
        var points = Run(scorer, scorer.CreateState(), Noise(10_000, 0.1, 0.05, 2));

        for (int i = 0; i < points.Length; i++)
        {
            Assert.InRange(points[i].Score, 0.0, 0.45);
        }
    }

    [Fact]
    public void Update_SpikeAfterWarmup_ScoresHigh()
    {
        var scorer = new AnomalyLikelihoodScorer();
        var state = scorer.CreateState();
        double[] raw = Noise(2_000, 0.1, 0.05, 3);
        raw[1500] = 1.0;
        raw[1501] = 1.0;

        var points = Run(scorer, state, raw);

        Assert.True(points[1500].Score > 0.5, $"spike scored {points[1500].Score}");
        Assert.True(points[1499].Score < 0.45, $"point before the spike scored {points[1499].Score}");
    }

    [Fact]
    public void Update_SecondRedPointInARow_IsReportedYellow()
    {
        var scorer = new AnomalyLikelihoodScorer();
        var state = scorer.CreateState();
        double[] raw = Noise(1_000, 0.1, 0.01, 4);
        raw[900] = raw[901] = 3.0;

        var points = Run(scorer, state, raw);

        Assert.True(1 - points[900].Likelihood <= 1e-5);
        Assert.Equal(1 - 1e-3, points[901].Likelihood, 12);
    }

    [Fact]
    public void Update_AfterManyBlocks_FitsMeanAndVarianceOfTheHistoricWindow()
    {
        var options = new AnomalyLikelihoodOptions
        {
            LearningPeriod = 0, EstimationSamples = 1, HistoricWindowSize = 300, ReestimationPeriod = 100, AveragingWindow = 1,
        };
        var scorer = new AnomalyLikelihoodScorer(options);
        var state = scorer.CreateState();
        double[] raw = Noise(1_001, 0.5, 0.4, 5);

        Run(scorer, state, raw);

        // At point 1000 the fit uses exactly points 700..999 (three whole blocks); float32 ring, so 1e-6.
        double mean = 0, m2 = 0;
        for (int i = 700; i < 1000; i++)
        {
            mean += (float)raw[i];
        }

        mean /= 300;
        for (int i = 700; i < 1000; i++)
        {
            m2 += ((float)raw[i] - mean) * ((float)raw[i] - mean);
        }

        Assert.Equal(mean, state.Mean, 9);
        Assert.Equal(Math.Sqrt(m2 / 300), state.StandardDeviation, 9);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(388)]
    [InlineData(1_234)]
    [InlineData(9_999)]
    public void WriteTo_ReadFrom_ContinuesIdentically(int prefix)
    {
        var scorer = new AnomalyLikelihoodScorer();
        var state = scorer.CreateState();
        double[] raw = Noise(prefix + 600, 0.2, 0.1, prefix);
        raw[^300] = 2.0;
        Run(scorer, state, raw[..prefix]);

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            state.WriteTo(writer);
        }

        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        var restored = AnomalyLikelihoodState.ReadFrom(reader);

        Assert.Equal(stream.Length, stream.Position);
        Assert.Equal(Run(scorer, state, raw[prefix..]), Run(scorer, restored, raw[prefix..]));
    }

    [Fact]
    public void ReadFrom_UnknownVersion_Throws()
    {
        using var stream = new MemoryStream([99, 0, 0, 0]);
        using var reader = new BinaryReader(stream);

        Assert.Throws<InvalidDataException>(() => AnomalyLikelihoodState.ReadFrom(reader));
    }

    [Fact]
    public void Update_SameInputTwice_SameOutputs()
    {
        var scorer = new AnomalyLikelihoodScorer();
        double[] raw = Noise(3_000, 0.3, 0.2, 6);

        Assert.Equal(Run(scorer, scorer.CreateState(), raw), Run(scorer, scorer.CreateState(), raw));
    }

    [Fact]
    public void Update_StateOfOtherOptions_Throws()
    {
        var scorer = new AnomalyLikelihoodScorer();
        var other = new AnomalyLikelihoodScorer(new AnomalyLikelihoodOptions { AveragingWindow = 3 });

        Assert.Throws<ArgumentException>(() => scorer.Update(other.CreateState(), 0.1));
    }

    [Fact]
    public void Update_NonFiniteRawScore_TreatedAsZero()
    {
        var scorer = new AnomalyLikelihoodScorer();
        var a = scorer.CreateState();
        var b = scorer.CreateState();
        double[] raw = Noise(600, 0.2, 0.1, 7);

        Run(scorer, a, raw);
        Run(scorer, b, raw);

        Assert.Equal(scorer.Update(a, 0.0), scorer.Update(b, double.NaN));
    }

    [Theory]
    [InlineData(0.5, 0.0301)]
    [InlineData(1 - 1e-5, 0.5)]
    [InlineData(1.0, 1.0)]
    public void LogScore_KnownLikelihoods_MatchNumentaScale(double likelihood, double expected)
    {
        Assert.Equal(expected, AnomalyLikelihoodScorer.LogScore(likelihood), 4);
    }

    [Theory]
    [InlineData(LikelihoodTail.Reflected, true)]
    [InlineData(LikelihoodTail.Upper, false)]
    public void Update_RawScoresFarBelowMean_UnlikelyOnlyWhenReflected(LikelihoodTail tail, bool expectUnlikely)
    {
        var scorer = new AnomalyLikelihoodScorer(new AnomalyLikelihoodOptions { Tail = tail });
        double[] raw = Noise(1_000, 0.8, 0.01, 8);
        raw.AsSpan(900, 10).Clear();

        var points = Run(scorer, scorer.CreateState(), raw);

        Assert.Equal(expectUnlikely, points[909].Likelihood > 0.99);
        Assert.Equal(expectUnlikely, points[909].Score > 0.2);
    }

    [Fact]
    public void Options_InvalidValues_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnomalyLikelihoodScorer(new AnomalyLikelihoodOptions { AveragingWindow = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnomalyLikelihoodScorer(new AnomalyLikelihoodOptions { HistoricWindowSize = 50 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnomalyLikelihoodScorer(new AnomalyLikelihoodOptions { RedTailProbability = 0.01 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnomalyLikelihoodScorer(new AnomalyLikelihoodOptions { Tail = (LikelihoodTail)9 }));
    }
}
