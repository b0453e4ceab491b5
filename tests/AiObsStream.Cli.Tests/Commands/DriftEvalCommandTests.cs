using System.CommandLine;
using AiObsStream.Cli.Commands;
using AiObsStream.Pipeline.Engine;

namespace AiObsStream.Cli.Tests.Commands;

public class DriftEvalCommandTests
{
    private static async Task<(int Code, string Out, string Err)> InvokeAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await DriftEvalCommand.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString().Trim(), error.ToString());
    }

    [Fact]
    public async Task RunSeed_TwoSeeds_DetectsWithinTenMinutesWithoutFalseAlarms()
    {
        var work = Path.Combine(Path.GetTempPath(), "aiobs-drifteval-" + Guid.NewGuid().ToString("N"));
        try
        {
            foreach (var seed in new[] { 1, 2 })
            {
                var r = await DriftEvaluation.RunSeedAsync(seed, 16, 8, work, new EngineOptions { Partitions = 2, Notifications = null },
                    CancellationToken.None);

                Assert.NotNull(r.DelayMs);
                Assert.InRange(r.DelayMs!.Value, 0, 10 * 60_000);
                Assert.Equal(0, r.FalseAlarmsWithDrift);
                Assert.Equal(0, r.FalseAlarmsWithoutDrift);
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task Drift_OnsetTooLate_Exit1NamingOption()
    {
        var (code, _, err) = await InvokeAsync("--seeds", "1", "--minutes", "20", "--onset", "18");
        Assert.Equal(1, code);
        Assert.Contains("--onset", err, StringComparison.Ordinal);
    }
}
