using System.Text;
using AiObsStream.Core.Evaluation.Nab;
using AiObsStream.Formats.Nab;
using AiObsStream.TestKit;

namespace AiObsStream.Formats.Tests.Nab;

public class NabCorpusReaderTests
{
    private static readonly string Mini = TestData.Path("nab-mini");

    [Fact]
    public void Load_MiniCorpus_ReadsSeriesWindowsAndProfiles()
    {
        var corpus = NabCorpusReader.Load(Mini);

        Assert.Equal(["artificialNoAnomaly/flat.csv", "realMini/spike.csv", "realMini/two_windows.csv"], corpus.Series.Select(s => s.Name));
        Assert.Equal(180, corpus.RowCount);
        Assert.Equal(3, corpus.WindowCount);
        Assert.Equal(new NabWindowRange(30, 40, 11), corpus.Series[1].WindowRanges[0]);
        Assert.Equal(["standard", "reward_low_FP_rate", "reward_low_FN_rate"], corpus.Profiles.Select(p => p.Name));
        Assert.Equal(NabProfile.RewardLowFnRate.Costs, corpus.Profiles[2].Costs);
    }

    [Fact]
    public void Benchmark_MiniCorpus_NullIsZeroAndPerfectIsHundred()
    {
        var corpus = NabCorpusReader.Load(Mini);

        var nullResult = NabBenchmark.Run(corpus.Series, new NabNullDetector(), corpus.Profiles);
        var perfect = NabBenchmark.Run(corpus.Series, new NabPerfectDetector(), corpus.Profiles);

        Assert.All(nullResult.Profiles, p => Assert.Equal(0.0, p.NormalizedScore, 9));
        Assert.All(perfect.Profiles, p => Assert.Equal(100.0, p.NormalizedScore, 9));
    }

    [Fact]
    public void Load_MissingFolder_Throws()
    {
        var ex = Assert.Throws<NabCorpusException>(() => NabCorpusReader.Load(Path.Combine(Mini, "nope")));

        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseSeries_WindowNotInSeries_NamesFileAndWindow()
    {
        var csv = Encoding.UTF8.GetBytes("timestamp,value\n2014-04-01 00:00:00,1\n2014-04-01 00:05:00,2\n");
        var window = new NabWindow(1_396_310_400_000, 1_396_310_400_000 + 60_000);

        var ex = Assert.Throws<NabCorpusException>(() => NabCorpusReader.ParseSeries("x/y.csv", csv, [window]));

        Assert.Contains("x/y.csv: window 0 end", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseSeries_BadRow_NamesFileAndLine()
    {
        var csv = Encoding.UTF8.GetBytes("timestamp,value\n2014-04-01 00:00:00,x\n");

        var ex = Assert.Throws<NabCorpusException>(() => NabCorpusReader.ParseSeries("x/y.csv", csv, []));

        Assert.Equal("data/x/y.csv: line 2: value is not a finite number", ex.Message);
    }

    [Theory]
    [InlineData("[]", "root must be an object")]
    [InlineData("{\"a.csv\": [[\"2014-04-01 00:00:00\"]]}", "'a.csv' window 0 is not a pair")]
    [InlineData("{\"a.csv\": [[\"2014-04-01\", \"2014-04-02\"]]}", "'a.csv' window 0")]
    [InlineData("{\"a.csv\": ", "invalid JSON")]
    public void WindowsParser_BadDocument_SaysWhat(string json, string expected)
    {
        Assert.False(NabWindowsParser.TryParse(Encoding.UTF8.GetBytes(json), out _, out var error));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProfilesParser_MissingWeight_SaysWhich()
    {
        var json = Encoding.UTF8.GetBytes("{\"standard\": {\"CostMatrix\": {\"tpWeight\": 1, \"fnWeight\": 1}}}");

        Assert.False(NabProfilesParser.TryParse(json, out _, out var error));

        Assert.Contains("'standard' needs CostMatrix", error.Message, StringComparison.Ordinal);
    }
}
