using AiObsStream.Core.Simulation;
using AiObsStream.Formats.Simulation;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Sinks;

namespace AiObsStream.Pipeline.Tests.Engine;

/// <summary>
/// Property: for generated multi-deployment traffic (AOAI, App Insights and dcgm GPUs across deployments, with
/// incidents), every output file is byte-identical whatever the partition count (and so whatever the fan-out's thread
/// count and timing).
/// </summary>
public sealed class PartitionDeterminismTests : IDisposable
{
    private static readonly string[] Files = ["metrics.jsonl", "alerts.jsonl", "incidents.jsonl", "notifications.jsonl", "deadletter.jsonl"];
    private readonly string _root = Path.Combine(Path.GetTempPath(), "aiobs-determinism-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(11)]
    [InlineData(29)]
    public async Task Outputs_AreByteIdentical_ForPartitionCounts1To4(int seed)
    {
        var incidents = new[]
        {
            new IncidentSpec((IncidentKind)(seed % 4), 3),
            new IncidentSpec(IncidentKind.LatencyRegression, 7),
        };
        var result = TrafficSimulator.Generate(new SimulationOptions { Minutes = 12, Seed = seed, RateScale = 0.4, Incidents = incidents });
        var inputs = SimulationWriter.WriteAll(Path.Combine(_root, "in-" + seed), result);

        var outputs = new List<Dictionary<string, string>>();
        for (var partitions = 1; partitions <= 4; partitions++)
        {
            var dir = Path.Combine(_root, $"out-{seed}-p{partitions}");
            await using (var sink = new JsonlDirectorySink(dir))
            {
                await new StreamEngine(new EngineOptions { Partitions = partitions }).RunAsync(inputs, sink, CancellationToken.None);
            }

            outputs.Add(Files.Where(f => File.Exists(Path.Combine(dir, f))).ToDictionary(f => f, f => File.ReadAllText(Path.Combine(dir, f))));
        }

        Assert.NotEmpty(outputs[0]["metrics.jsonl"]);
        Assert.Contains("\"Source\":\"DCGM\"", outputs[0]["metrics.jsonl"], StringComparison.Ordinal);
        Assert.NotEmpty(outputs[0]["alerts.jsonl"]);
        for (var p = 1; p < outputs.Count; p++)
        {
            Assert.Equal(outputs[0].Keys.Order(), outputs[p].Keys.Order());
            foreach (var (file, text) in outputs[0])
            {
                Assert.True(text == outputs[p][file], $"seed {seed}: {file} with {p + 1} partitions differs from 1 partition");
            }
        }
    }
}
