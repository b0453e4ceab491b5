using AiObsStream.Cli.Commands;

namespace AiObsStream.Cli.Tests.Commands;

public class SeasonalityCommandTests
{
    private static (int Code, string Out, string Err) Invoke(params string[] args)
    {
        var (code, output, error) = CommandInvocation.Invoke(SeasonalityCommand.Create(), args);
        return (code, output.Trim(), error);
    }

    [Fact]
    public void Seasonality_PeriodicFile_Prints288()
    {
        var (code, output, _) = Invoke("--input", AiObsStream.TestKit.TestData.Path("srcnn-conformance", "period_no_anomaly.csv"));

        Assert.Equal(0, code);
        Assert.Equal("288", output);
    }

    [Fact]
    public void Seasonality_ShortWindow_PrintsMinusOne()
    {
        var (code, output, _) = Invoke("--input", AiObsStream.TestKit.TestData.Path("srcnn-conformance", "period_no_anomaly.csv"), "--window", "300");

        Assert.Equal(0, code);
        Assert.Equal("-1", output);
    }

    [Fact]
    public void Seasonality_MissingFile_ExitCode1NamingInput()
    {
        var (code, _, err) = Invoke("--input", "/nonexistent/file.csv");

        Assert.Equal(1, code);
        Assert.Contains("--input", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Seasonality_InvalidWindow_ExitCode1()
    {
        var (code, _, err) = Invoke("--input", "x.csv", "--window", "-5");

        Assert.Equal(1, code);
        Assert.Contains("--window", err, StringComparison.Ordinal);
    }
}
