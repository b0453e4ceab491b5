using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Cost;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Simulation;
using AiObsStream.Core.Windows;
using AiObsStream.Formats.Simulation;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Sinks;

namespace AiObsStream.Pipeline.Tests.Engine;

/// <summary>
/// A window that fires and closes in one tick is built as one final row that is also the on-time row
/// (<see cref="WindowedAggregator.MergeOnTimeIntoFinal"/>, #12). Every output must be what the two rows apart gave: rules,
/// regression, drift, anomalies, cost, spend, forecasts, incidents and notifications all read them.
/// </summary>
[Trait("Category", "Integration")]
public class MergedFinalRowsTests
{
    /// <summary>
    /// Lateness 0: every window fires and closes at once, so every aggregated row is merged. Five minutes (the default):
    /// only the end-of-input flush merges (the last windows), the rest go out apart as before. "sim" is a simulated 40
    /// minutes with seven incident kinds (GPU rows carry their version); "trace" the bundled H100 trace, whose GPU rows get
    /// their version from the join with the request rows. Rules on cost metrics read the live (on-time) cost rows.
    /// </summary>
    [Theory]
    [InlineData("sim", 0, 1)]
    [InlineData("sim", 0, 3)]
    [InlineData("sim", 5, 2)]
    [InlineData("trace", 0, 2)]
    [InlineData("trace", 5, 1)]
    public async Task MergedRows_EveryOutputByteIdenticalToRowsApart(string input, int latenessMinutes, int partitions)
    {
        var root = Path.Combine(Path.GetTempPath(), "aiobs-merged-" + Guid.NewGuid().ToString("N"));
        try
        {
            var inputs = input == "trace" ? TraceFiles.CheckerInputs("h100-trace-a") : Simulated(Path.Combine(root, "in"));
            var options = new EngineOptions
            {
                Partitions = partitions,
                EventTime = EventTimeOptions.Default with { AllowedLateness = TimeSpan.FromMinutes(latenessMinutes) },
                Rules = DefaultRules.Set with
                {
                    Rules =
                    [
                        .. DefaultRules.Set.Rules,
                        new RuleDefinition { Name = "gpu-seconds", Metric = CostMetricNames.UnpricedGpuSeconds, Statistic = Statistic.Sum, Warning = 50 },
                        new RuleDefinition { Name = "token-spend", Metric = CostMetricNames.CostUsd, Statistic = Statistic.Sum, Warning = 0.01 },
                    ],
                },
            };

            var apart = await RunAsync(inputs, Path.Combine(root, "apart"), options with { MergeOnTimeIntoFinal = false });
            var merged = await RunAsync(inputs, Path.Combine(root, "merged"), options);

            // the merged run did merge (every aggregated row at lateness 0: most rows; the rows of the windows the flush closed otherwise)
            Assert.Equal(0, apart.Merged);
            Assert.True(latenessMinutes == 0 ? merged.Merged > merged.Rows * 3 / 5 : merged.Merged > 0, $"{merged.Merged} of {merged.Rows} rows merged");
            Assert.Equal(apart.Rows, merged.Rows);
            Assert.True(apart.Alerts > 0, "the input raises alerts");
            Assert.Contains(apart.Rules, r => r == "gpu-seconds");
            Assert.Contains(apart.Rules, r => r == "token-spend");

            var files = Directory.GetFiles(Path.Combine(root, "apart")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(files, Directory.GetFiles(Path.Combine(root, "merged")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.Contains("incidents.jsonl", files);
            foreach (var file in files)
            {
                var a = await File.ReadAllTextAsync(Path.Combine(root, "apart", file!));
                var m = await File.ReadAllTextAsync(Path.Combine(root, "merged", file!));
                Assert.True(a == m, $"{file} differs between rows apart and merged rows");
            }
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static IReadOnlyList<string> Simulated(string dir) => SimulationWriter.WriteAll(dir, TrafficSimulator.Generate(new SimulationOptions
    {
        Minutes = 40,
        Seed = 31,
        RateScale = 2,
        Incidents =
        [
            new IncidentSpec(IncidentKind.VersionRegression, 8),
            new IncidentSpec(IncidentKind.QualityDrift, 12),
            new IncidentSpec(IncidentKind.GpuThermal, 14),
            new IncidentSpec(IncidentKind.SpendSpike, 18),
            new IncidentSpec(IncidentKind.Http429Storm, 24),
            new IncidentSpec(IncidentKind.GpuMemory, 28),
            new IncidentSpec(IncidentKind.GpuIdle, 33),
        ],
    }));

    private static async Task<Counts> RunAsync(IReadOnlyList<string> inputs, string outDir, EngineOptions options)
    {
        var counter = new RowCounter();
        await using (var sink = new CompositeOutputSink(new JsonlDirectorySink(outDir), counter)) // owns both
        {
            await new StreamEngine(options).RunAsync(inputs, sink, CancellationToken.None);
        }

        return new Counts(counter.Rows, counter.Merged, counter.Alerts, counter.Rules);
    }

    private sealed record Counts(int Rows, int Merged, int Alerts, HashSet<string> Rules);

    /// <summary>Counts the rows written, those written as merged rows, and the alert events.</summary>
    private sealed class RowCounter : IOutputSink
    {
        public int Rows { get; private set; }

        public int Merged { get; private set; }

        public int Alerts { get; private set; }

        public HashSet<string> Rules { get; } = new(StringComparer.Ordinal);

        public void WriteRows(IReadOnlyList<MetricRow> rows)
        {
            foreach (var row in rows)
            {
                Rows++;
                Merged += row.AlsoOnTime ? 1 : 0;
                Assert.Equal(RowKind.Final, row.Kind); // --emit final: sinks see final rows only, merged or not
            }
        }

        public void WriteAlerts(IReadOnlyList<AlertEvent> alerts)
        {
            Alerts += alerts.Count;
            foreach (var alert in alerts)
            {
                Rules.Add(alert.Rule);
            }
        }

        public void WriteDeadLetters(IReadOnlyList<DeadLetter> items)
        {
        }

        public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
