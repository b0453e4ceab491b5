using AiObsStream.Kafka.Consumer;
using AiObsStream.Pipeline.Checkpoints;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Inputs;
using AiObsStream.Pipeline.Sinks;
using AiObsStream.TestKit;

namespace AiObsStream.Kafka.Tests;

public sealed class KafkaRunnerTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "aiobs-kafka-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task RunAsync_TraceOnTopics_FinalMetricsEqualFileMode()
    {
        using var broker = await KafkaMockBroker.StartAsync(("aoai", 1), ("deps", 1), ("dcgm", 1));
        var messages = TraceMessages.Load("h100-trace-a-dirty");
        await TraceComparison.ProduceTraceAsync(broker.BootstrapServers, messages);
        var fileOut = Path.Combine(_root, "file");
        await TraceComparison.RunFileModeAsync("h100-trace-a-dirty", fileOut, partitions: 2);

        var kafkaOut = Path.Combine(_root, "kafka");
        var settings = broker.Settings() with { Topics = ["aoai", "deps", "dcgm"], GroupId = "equivalence" };
        var store = new CheckpointStore(Path.Combine(_root, "state"));
        var engine = new StreamEngine(new EngineOptions { Partitions = 2 });
        RunSummary summary;
        await using (var sink = new JsonlDirectorySink(kafkaOut))
        {
            using var source = new KafkaSource(settings, new InputOptions());
            summary = await KafkaRunner.RunAsync(engine, source, sink, new KafkaRunOptions
            {
                Store = store,
                StopWhenIdle = TimeSpan.FromSeconds(1),
                CheckpointInterval = TimeSpan.FromMilliseconds(250),
            }, CancellationToken.None);
            Assert.True(source.Commits >= 1);
        }

        var expected = TraceComparison.FinalRows(Path.Combine(fileOut, "metrics.jsonl"));
        var actual = TraceComparison.FinalRows(Path.Combine(kafkaOut, "metrics.jsonl"));
        Assert.True(expected.Count > 100);
        TraceComparison.AssertSameRows(expected, actual);
        Assert.Contains(summary.Inputs, i => i.Name == "aoai/0");
        Assert.True(summary.Checkpoints >= 2);
        var checkpoint = store.TryLoad(out _)!;
        Assert.Equal(messages["aoai"].Count, checkpoint.Offsets["aoai/0"]);
        Assert.Equal(messages["dcgm"].Count, checkpoint.Offsets["dcgm/0"]);
    }

    [Fact]
    public async Task RunAsync_BadMessages_AreDeadLetteredWithTopicPartitionAndOffset()
    {
        using var broker = await KafkaMockBroker.StartAsync(("mixed", 1));
        await TopicClient.ProduceAsync(broker.BootstrapServers, "mixed",
        [
            TopicMessage.Of("""{"records":[{"time":"2026-11-22T10:00:00Z","category":"RequestResponse"""),
            TopicMessage.Of("not json and not prometheus {{{"),
            new TopicMessage(null, new byte[2_000]),
        ]);
        var outDir = Path.Combine(_root, "bad");
        await using (var sink = new JsonlDirectorySink(outDir))
        {
            using var source = new KafkaSource(broker.Settings() with { Topics = ["mixed"], GroupId = "bad" },
                new InputOptions { MaxUnitBytes = 1_000 });
            await KafkaRunner.RunAsync(new StreamEngine(new EngineOptions { Partitions = 1 }), source, sink,
                new KafkaRunOptions { StopWhenIdle = TimeSpan.FromMilliseconds(500) }, CancellationToken.None);
        }

        var dead = await File.ReadAllLinesAsync(Path.Combine(outDir, "deadletter.jsonl"));
        Assert.Equal(3, dead.Length);
        Assert.All(dead, d => Assert.Contains("\"mixed/0\"", d, StringComparison.Ordinal));
        Assert.Contains(dead, d => d.Contains("\"Position\":2", StringComparison.Ordinal) && d.Contains("exceeds the limit", StringComparison.Ordinal));
    }
}
