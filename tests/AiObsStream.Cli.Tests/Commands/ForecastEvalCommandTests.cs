using AiObsStream.Cli.Commands;

namespace AiObsStream.Cli.Tests.Commands;

public class ForecastEvalCommandTests
{
    private static (int Code, string Output, string Error) Invoke(params string[] args) =>
        CommandInvocation.InvokeUnderRoot(EvalCommand.Create(), args);

    [Fact]
    public void EvalForecast_OneSeed_PrintsModelAndBaselineErrorPerSeries()
    {
        var (code, output, error) = Invoke("eval", "forecast", "--seeds", "1", "--weeks", "3", "--horizon", "3");
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        Assert.Contains("MASE model  MASE s-naive", output, StringComparison.Ordinal);
        Assert.Contains("mean  rpm", output, StringComparison.Ordinal);
        Assert.Contains("mean  gpu_util", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--seeds", "0", "--seeds")]
    [InlineData("--weeks", "2", "--weeks")]
    [InlineData("--horizon", "49", "--horizon")]
    public void EvalForecast_OutOfRange_ExitsOneNamingTheOption(string option, string value, string named)
    {
        var (code, _, error) = Invoke("eval", "forecast", option, value);
        Assert.Equal(1, code);
        Assert.Contains(named, error, StringComparison.Ordinal);
    }
}
