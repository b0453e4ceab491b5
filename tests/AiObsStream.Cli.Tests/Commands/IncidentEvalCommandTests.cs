using System.CommandLine;
using System.Text.Json;
using AiObsStream.Cli.Commands;
using AiObsStream.Core.Evaluation.Incidents;
using AiObsStream.Core.Incidents;
using AiObsStream.Formats.Simulation;

namespace AiObsStream.Cli.Tests.Commands;

public class IncidentEvalCommandTests
{
    private static async Task<(int Code, string Out, string Err)> InvokeAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await IncidentEvalCommand.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString().Trim(), error.ToString());
    }

    [Theory]
    [InlineData("--seeds", "0", "Seeds")]
    [InlineData("--minutes", "5", "Minutes")]
    [InlineData("--parallel", "0", "--parallel")]
    [InlineData("--rollout-seeds", "0", "--rollout-seeds")]
    [InlineData("--rollout-seeds", "21", "--rollout-seeds")]
    public async Task Incidents_OutOfRange_Exit1NamingTheSetting(string option, string value, string named)
    {
        var (code, _, err) = await InvokeAsync(option, value);

        Assert.Equal(1, code);
        Assert.Contains(named, err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Incidents_TraceFolderWithoutPhases_Exit1NamingOption()
    {
        var dir = Path.Combine(Path.GetTempPath(), "aiobs-notrace-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var (code, _, err) = await InvokeAsync("--trace", dir);

            Assert.Equal(1, code);
            Assert.Contains("--trace", err, StringComparison.Ordinal);
            Assert.Contains("phases.json", err, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Incidents_HasRolloutOptions()
    {
        var names = IncidentEvalCommand.Create().Options.Select(o => o.Name).ToList();

        Assert.Contains("--no-rollouts", names);
        Assert.Contains("--rollout-seeds", names);
    }

    [Fact]
    public void Eval_KeepsDriftAndNab_AddsIncidents()
    {
        Assert.Equal(["drift", "forecast", "incidents", "nab"], EvalCommand.Create().Subcommands.Select(c => c.Name).Order());
    }

    [Fact]
    public void BundledTrace_PhasesLabelFourRealEvents()
    {
        Assert.True(PhaseTruthReader.TryRead("trace-a", BundledTrace.Phases(), out var truth, out var error), error);

        Assert.Equal([IncidentCause.Capacity, IncidentCause.VersionRegression, IncidentCause.GpuMemory, IncidentCause.GpuUnderutilized],
            truth.Incidents.Select(i => i.Cause));
        Assert.DoesNotContain(BundledTrace.Extract(), p => p.EndsWith("phases.json", StringComparison.Ordinal)); // labels are not an engine input
    }

    [Fact]
    public void Report_HandBuiltResults_TableRowsAndJsonWithNullForUndefined()
    {
        var truth = new ScenarioTruth("r", 0, 3_600_000, [new TruthIncident(IncidentCause.Capacity, 600_000, 720_000, ["chat-prod"], [], "load-burst@10")]);
        var score = IncidentScorer.Score(truth, [new PredictedIncident("id1", 660_000, IncidentCause.Capacity, ["chat-prod"], [], 1)]);
        var results = new[] { new IncidentCaseResult("r", "single", "simulator", score, new IncidentLog([], 0, []), TimeSpan.FromSeconds(1)) };
        var summary = IncidentScoreboard.Summarize([score]);
        var table = new StringWriter();
        using var json = new MemoryStream();

        var groups = IncidentEvaluation.SummarizeBySource(results);

        IncidentEvalReport.WriteTable(table, summary);
        IncidentEvalReport.WriteGroups(table, groups);
        IncidentEvalReport.WriteJson(json, "test", results, summary, groups);

        var lines = table.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("cause", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("capacity", StringComparison.Ordinal) && l.Contains("1.00", StringComparison.Ordinal) && l.Contains("1.0 min", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("overall", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("false incidents: 0 in 0.63 healthy hours", StringComparison.Ordinal));
        var root = JsonDocument.Parse(json.ToArray()).RootElement;
        Assert.Equal(1.0, root.GetProperty("overall").GetProperty("recall").GetDouble());
        Assert.Equal(60_000, root.GetProperty("overall").GetProperty("medianDelayMs").GetDouble());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("causes")[(int)IncidentCause.Spend].GetProperty("recall").ValueKind);
        Assert.True(root.GetProperty("runs")[0].GetProperty("truth")[0].GetProperty("detected").GetBoolean());
        Assert.Contains(lines, l => l.StartsWith("corpus", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("simulator", StringComparison.Ordinal) && l.Contains("1.00", StringComparison.Ordinal) && l.Contains("0.63", StringComparison.Ordinal));
        Assert.Equal("simulator", root.GetProperty("corpora")[0].GetProperty("corpus").GetString());
        Assert.Equal(1.0, root.GetProperty("corpora")[0].GetProperty("recall").GetDouble());
        Assert.Equal("simulator", root.GetProperty("runs")[0].GetProperty("corpus").GetString());
    }

    [Fact]
    public void SummarizeBySource_OneLinePerCorpusInFirstSeenOrder_TracesTogether()
    {
        static IncidentCaseResult Run(string source, bool detected)
        {
            var truth = new ScenarioTruth("r", 0, 3_600_000, [new TruthIncident(IncidentCause.VersionRegression, 600_000, 3_600_000, ["chat-prod"], [], "v2")]);
            var score = IncidentScorer.Score(truth, detected ? [new PredictedIncident("id1", 660_000, IncidentCause.VersionRegression, ["chat-prod"], [], 1)] : []);
            return new IncidentCaseResult("r", "g", source, score, new IncidentLog([], 0, []), TimeSpan.Zero);
        }

        var groups = IncidentEvaluation.SummarizeBySource([Run("simulator", true), Run("rollouts", false), Run("simulator", true), Run("rollouts", true)]);

        Assert.Equal(["simulator", "rollouts"], groups.Select(g => g.Source));
        Assert.Equal(1.0, groups[0].Summary.Overall.Recall);
        Assert.Equal(0.5, groups[1].Summary.Overall.Recall);
        Assert.Equal("traces", IncidentEvaluation.SourceFamily(new RecordedTraceSource("trace-x", [], "{}")));
        Assert.Equal("rollouts", IncidentEvaluation.SourceFamily(RolloutCorpusSource.Ci(1)));
    }
}
