using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Drift;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Simulation;
using AiObsStream.Formats.Simulation;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Sinks;

namespace AiObsStream.Cli.Commands;

/// <summary>
/// Runs the simulator with and without <c>quality-drift@onset</c> for one seed, replays both through the engine
/// in-process and measures the detection delay and the false alarms of the <c>quality-drift</c> rule.
/// </summary>
/// <remarks>
/// Without the incident the simulator still releases chat-prod to its new version in the middle of the run, with
/// unchanged quality: the no-drift run checks that a version change alone does not fire.
/// </remarks>
internal static class DriftEvaluation
{
    /// <summary>Runs one seed.</summary>
    public static async Task<DriftSeedResult> RunSeedAsync(int seed, int minutes, int onsetMinute, string workDir,
        EngineOptions engine, CancellationToken ct)
    {
        var drifted = await RunAsync(seed, minutes, onsetMinute, Path.Combine(workDir, $"seed{seed}-drift"), engine, ct).ConfigureAwait(false);
        var clean = await RunAsync(seed, minutes, null, Path.Combine(workDir, $"seed{seed}-clean"), engine, ct).ConfigureAwait(false);
        var onsetMs = drifted.Truth.StartUnixMs + (onsetMinute * 60_000L);
        long? delay = null;
        var signal = string.Empty;
        var falseSignals = new List<string>();
        var falseWithDrift = 0;
        foreach (var a in drifted.Alerts)
        {
            if (a.Deployment == SimFleet.ChatProd && a.TimeGeneratedMs >= onsetMs)
            {
                if (delay is null)
                {
                    delay = a.TimeGeneratedMs - onsetMs;
                    signal = a.Metric;
                }
            }
            else
            {
                falseWithDrift++;
                falseSignals.Add($"drift-run {a.Deployment} {a.ModelVersion} {a.Metric}");
            }
        }

        foreach (var a in clean.Alerts)
        {
            falseSignals.Add($"clean-run {a.Deployment} {a.ModelVersion} {a.Metric}");
        }

        return new DriftSeedResult(seed, delay, signal, falseWithDrift, clean.Alerts.Count, falseSignals);
    }

    private static async Task<(GroundTruth Truth, List<AlertEvent> Alerts)> RunAsync(int seed, int minutes, int? onset,
        string dir, EngineOptions engine, CancellationToken ct)
    {
        var options = new SimulationOptions
        {
            Seed = seed,
            Minutes = minutes,
            Incidents = onset is { } m ? [new IncidentSpec(IncidentKind.QualityDrift, m)] : [],
        };
        options.Validate();
        var result = TrafficSimulator.Generate(options);
        var files = SimulationWriter.WriteAll(dir, result);

        // GPU scrapes carry no quality signal; leaving them out keeps the 20-seed run short.
        var inputs = files.Where(f => !f.EndsWith(SimulationWriter.DcgmFile, StringComparison.Ordinal)).ToList();
        var sink = new AlertCollector();
        await new StreamEngine(engine).RunAsync(inputs, sink, ct).ConfigureAwait(false);
        return (result.Truth, sink.Firing);
    }

    /// <summary>Keeps the quality-drift Firing events; drops everything else.</summary>
    private sealed class AlertCollector : IOutputSink
    {
        public List<AlertEvent> Firing { get; } = [];

        public void WriteRows(IReadOnlyList<MetricRow> rows)
        {
        }

        public void WriteAlerts(IReadOnlyList<AlertEvent> alerts)
        {
            foreach (var a in alerts)
            {
                if (a.Rule == QualityDriftOptions.RuleName && a.Status == AlertStatus.Firing)
                {
                    Firing.Add(a);
                }
            }
        }

        public void WriteDeadLetters(IReadOnlyList<DeadLetter> items)
        {
        }

        public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
