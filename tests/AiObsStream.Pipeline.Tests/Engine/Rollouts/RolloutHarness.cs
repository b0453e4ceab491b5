using System.Globalization;
using System.Text;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Simulation.Rollouts;
using AiObsStream.Core.Versions;
using AiObsStream.Formats.Simulation;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Sinks;

namespace AiObsStream.Pipeline.Tests.Engine.Rollouts;

/// <summary>What the engine said about one rollout scenario.</summary>
/// <param name="Scenario">The scenario.</param>
/// <param name="Firing">The model-version-regression Firing events, in order.</param>
internal sealed record RolloutOutcome(RolloutScenario Scenario, IReadOnlyList<AlertEvent> Firing)
{
    /// <summary>Detection delay from the reference time (rollout, or rollback for a post-rollback baseline), ms; null when not detected.</summary>
    public long? DelayMs => Firing.FirstOrDefault(a => a.Deployment == "chat-prod" && a.ModelVersion == Scenario.CandidateVersion) is { } a
        ? a.TimeGeneratedMs - Scenario.ReferenceUnixMs : null;

    /// <summary>Detected within the 10 minutes the issue allows.</summary>
    public bool DetectedInTime => DelayMs is { } d && d <= 600_000;

    /// <summary>Every Firing event of a control, or every one naming the wrong deployment/version in a regression.</summary>
    public int FalseAlarms => Scenario.IsRegression
        ? Firing.Count(a => a.Deployment != "chat-prod" || a.ModelVersion != Scenario.CandidateVersion)
        : Firing.Count;

    public string Row => string.Create(CultureInfo.InvariantCulture,
        $"| {Scenario.Name} | {(Scenario.IsRegression ? "regression" : "control")} | {(Scenario.IsRegression ? (DelayMs is { } d ? $"{d / 60_000.0:0.0} min" : "missed") : "-")} | {FalseAlarms} | {string.Join(",", Firing.Select(f => $"{f.ModelVersion}:{f.Metric}"))} |");
}

/// <summary>Runs rollout scenarios through the real engine (file inputs, as <c>aiobs run</c> reads them).</summary>
internal static class RolloutHarness
{
    public static async Task<RolloutOutcome> RunAsync(RolloutScenario scenario, RegressionOptions? regression = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "aiobs-rollout-" + Guid.NewGuid().ToString("N"));
        try
        {
            var files = SimulationWriter.WriteAll(dir, RolloutGenerator.Generate(scenario));

            // Only the two call streams carry what the verdict compares (no evaluations, no GPU scrapes are generated).
            var inputs = files.Where(f => f.EndsWith(SimulationWriter.AoaiFile, StringComparison.Ordinal)
                || f.EndsWith(SimulationWriter.DependenciesFile, StringComparison.Ordinal)).ToList();
            var sink = new Collector();
            var options = new EngineOptions
            {
                Partitions = 1,
                Notifications = null,
                Anomaly = new() { Enabled = false },
                Regression = regression ?? new RegressionOptions(),
            };
            await new StreamEngine(options).RunAsync(inputs, sink, CancellationToken.None);
            return new RolloutOutcome(scenario, sink.Firing);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>A markdown table of outcomes.</summary>
    public static string Table(IEnumerable<RolloutOutcome> outcomes)
    {
        var sb = new StringBuilder("| scenario | truth | detection delay | false alarms | alerts |\n|---|---|---|---|---|\n");
        foreach (var o in outcomes)
        {
            sb.Append(o.Row).Append('\n');
        }

        return sb.ToString();
    }

    private sealed class Collector : IOutputSink
    {
        public List<AlertEvent> Firing { get; } = [];

        public void WriteRows(IReadOnlyList<MetricRow> rows)
        {
        }

        public void WriteAlerts(IReadOnlyList<AlertEvent> alerts)
        {
            lock (Firing)
            {
                Firing.AddRange(alerts.Where(a => a.Rule == RegressionOptions.RuleName && a.Status == AlertStatus.Firing));
            }
        }

        public void WriteDeadLetters(IReadOnlyList<AiObsStream.Core.Events.DeadLetter> items)
        {
        }

        public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
