using static AiObsStream.Cli.Tests.AiobsProcess;

namespace AiObsStream.Cli.Tests.Commands;

/// <summary><c>aiobs run --max-series N</c>: the cardinality budget from the command line.</summary>
[Trait("Category", "Integration")]
public sealed class MaxSeriesOptionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aiobs-maxseries-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Run_MaxSeriesOne_SecondGpuDeadLetteredAsSeriesBudget()
    {
        var input = Path.Combine(_dir, "gpus.prom");
        var lines = new List<string>();
        for (var s = 0; s < 4; s++)
        {
            var ms = 1_763_809_980_000L + (s * 15_000L);
            lines.Add($"DCGM_FI_DEV_GPU_UTIL{{gpu=\"0\",UUID=\"GPU-a\",Hostname=\"n1\"}} 40 {ms}");
            lines.Add($"DCGM_FI_DEV_GPU_UTIL{{gpu=\"1\",UUID=\"GPU-b\",Hostname=\"n1\"}} 60 {ms}");
        }

        File.WriteAllLines(input, lines);
        var outDir = Path.Combine(_dir, "out");

        var (code, _, stderr) = Run("run", "-i", input, "-o", outDir, "-q", "--max-series", "1");

        Assert.True(code == 0, stderr);
        var dead = File.ReadAllLines(Path.Combine(outDir, "deadletter.jsonl"));
        Assert.Equal(4, dead.Length);
        Assert.All(dead, d => Assert.Contains("\"Reason\":\"series_budget\"", d, StringComparison.Ordinal));
        var metrics = File.ReadAllText(Path.Combine(outDir, "metrics.jsonl"));
        Assert.Contains("\"Gpu\":\"GPU-a\"", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Gpu\":\"GPU-b\"", metrics, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public void Run_MaxSeriesNotPositive_ExitOneNamingTheOption(string value)
    {
        var (code, _, stderr) = Run("run", "--out", _dir, "--max-series", value);
        Assert.Equal(1, code);
        Assert.Contains("--max-series: must be >= 1", stderr, StringComparison.Ordinal);
    }
}
