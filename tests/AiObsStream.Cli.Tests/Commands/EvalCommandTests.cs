using AiObsStream.Cli.Commands;
using AiObsStream.TestKit;

namespace AiObsStream.Cli.Tests.Commands;

public class EvalCommandTests
{
    private static (int Code, string Output, string Error) Invoke(params string[] args) =>
        CommandInvocation.InvokeUnderRoot(EvalCommand.Create(), args);

    [Fact]
    public void EvalNab_NullAndPerfect_PrintsZeroAndHundredAndWritesJson()
    {
        string json = Path.Combine(Path.GetTempPath(), $"nab-eval-{Guid.NewGuid():N}.json");
        try
        {
            var (code, output, _) = Invoke("eval", "nab", "--corpus", TestData.Path("nab-mini"), "--detector", "null", "--detector", "perfect", "--out", json);

            Assert.Equal(0, code);
            Assert.Matches(@"null\s+0\.00\s+0\.00\s+0\.00", output);
            Assert.Matches(@"perfect\s+100\.00\s+100\.00\s+100\.00", output);
            Assert.Contains("\"normalizedScore\": 100", File.ReadAllText(json), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(json);
        }
    }

    [Fact]
    public void EvalNab_UnknownDetector_ExitsOneNamingKnownDetectors()
    {
        var (code, _, error) = Invoke("eval", "nab", "--corpus", TestData.Path("nab-mini"), "--detector", "nope");

        Assert.Equal(1, code);
        Assert.Contains("'nope' is not available", error, StringComparison.Ordinal);
        Assert.Contains("null, perfect, random, sr", error, StringComparison.Ordinal);
    }

    [Fact]
    public void EvalNab_MissingCorpus_ExitsOne()
    {
        var (code, _, error) = Invoke("eval", "nab", "--corpus", TestData.Path("no-such-corpus"));

        Assert.Equal(1, code);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sr-likelihood")]
    [InlineData("sr-likelihood-only")]
    [InlineData("value-range")]
    public void EvalNab_PostProcessedDetectors_RunOnNabMini(string detector)
    {
        var (code, output, error) = Invoke("eval", "nab", "--corpus", TestData.Path("nab-mini"), "--detector", detector);

        Assert.True(code == 0, error);
        Assert.Matches(detector + @"\s+-?\d+\.\d\d\s+-?\d+\.\d\d\s+-?\d+\.\d\d", output);
    }
}
