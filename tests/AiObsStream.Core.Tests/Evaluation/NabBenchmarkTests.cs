using AiObsStream.Core.Evaluation.Nab;

namespace AiObsStream.Core.Tests.Evaluation;

public class NabBenchmarkTests
{
    private static readonly NabSeries[] Corpus =
    [
        NabTestSeries.Create("a.csv", 60),
        NabTestSeries.Create("b.csv", 100, (40, 50)),
        NabTestSeries.Create("c.csv", 120, (30, 40), (80, 95)),
    ];

    [Fact]
    public void Run_NullDetector_ScoresZeroOnEveryProfile()
    {
        var result = NabBenchmark.Run(Corpus, new NabNullDetector(), NabProfile.All);

        Assert.All(result.Profiles, p => Assert.Equal(0.0, p.NormalizedScore, 9));
        Assert.Equal(-3.0, result.Profiles[0].NullScore, 12);
        Assert.Equal(-6.0, result.Profiles[2].NullScore, 12);
    }

    [Fact]
    public void Run_PerfectDetector_ScoresHundredOnEveryProfile()
    {
        var result = NabBenchmark.Run(Corpus, new NabPerfectDetector(), NabProfile.All);

        Assert.All(result.Profiles, p => Assert.Equal(100.0, p.NormalizedScore, 9));
        Assert.All(result.Profiles, p => Assert.Equal(1.0, p.Threshold));
        Assert.Equal(3, result.WindowCount);
    }

    [Fact]
    public void Run_RandomDetector_ScoresBetweenNullAndPerfectAndIsDeterministic()
    {
        var first = NabBenchmark.Run(Corpus, new NabRandomDetector(), NabProfile.All);
        var second = NabBenchmark.Run(Corpus, new NabRandomDetector(), NabProfile.All);

        Assert.All(first.Profiles, p => Assert.InRange(p.NormalizedScore, 0.0, 100.0));
        Assert.Equal(first.Profiles[0].NormalizedScore, second.Profiles[0].NormalizedScore);
    }

    [Fact]
    public void Run_DetectorReturnsNaN_ThrowsNamingSeriesAndRow()
    {
        var detector = new NabStreamingDetector("nan", _ => _ => double.NaN);

        var ex = Assert.Throws<ArgumentException>(() => NabBenchmark.Run(Corpus, detector, NabProfile.All));

        Assert.Contains("a.csv: row 0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StreamingDetector_FreshStatePerSeries_AndClipsToUnitRange()
    {
        int created = 0;
        var detector = new NabStreamingDetector("count", _ =>
        {
            created++;
            int n = 0;
            return _ => n++ - 1.0;
        });
        var scores = new double[60];

        detector.ScoreSeries(Corpus[0], scores);

        Assert.Equal(1, created);
        Assert.Equal(0.0, scores[0]);
        Assert.Equal(1.0, scores[59]);
    }
}
