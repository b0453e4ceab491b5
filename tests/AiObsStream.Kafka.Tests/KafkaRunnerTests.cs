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
    public async Task RunAsync_StopWhenIdle_FewerRecordsThanConfirmAhead_AllCountedNoneLeftHeld()
    {
        // Fewer records on the partition than eventTime.confirmAhead (8): none may stay held in the checkpoint until a
        // next run; the idle stop decides them as at the end of the input and this run's rows count all of them.
        using var broker = await KafkaMockBroker.StartAsync(("dcgm", 1));
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-30).ToUnixTimeMilliseconds() / 60_000 * 60_000;
        await TopicClient.ProduceAsync(broker.BootstrapServers, "dcgm",
            [.. Enumerable.Range(0, 3).Select(k => TopicMessage.Of(
                "# TYPE DCGM_FI_DEV_GPU_UTIL gauge\n"
                + $"DCGM_FI_DEV_GPU_UTIL{{gpu=\"0\",UUID=\"GPU-1f2e\",Hostname=\"node-3\"}} {50 + k} {t0 + (k * 10_000)}\n"))]);
        var outDir = Path.Combine(_root, "few");
        var store = new CheckpointStore(Path.Combine(_root, "few-state"));
        await using (var sink = new JsonlDirectorySink(outDir))
        {
            using var source = new KafkaSource(broker.Settings() with { Topics = ["dcgm"], GroupId = "few" }, new InputOptions());
            await KafkaRunner.RunAsync(new StreamEngine(new EngineOptions { Partitions = 1 }), source, sink,
                new KafkaRunOptions { Store = store, StopWhenIdle = TimeSpan.FromMilliseconds(500) }, CancellationToken.None);
        }

        var counted = 0L;
        foreach (var line in File.ReadLines(Path.Combine(outDir, "metrics.jsonl")))
        {
            using var doc = System.Text.Json.JsonDocument.Parse(line);
            if (doc.RootElement.GetProperty("Metric").GetString() == "gpu_util")
            {
                counted = Math.Max(counted, doc.RootElement.GetProperty("Count").GetInt64()); // the final revision
            }
        }

        Assert.Equal(3, counted);
        Assert.Equal(3, store.TryLoad(out _)!.Offsets["dcgm/0"]);
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

    [Fact]
    public async Task RunAsync_MemberJoinsGroup_CheckpointsBeforeHandingPartitionsOverAndKeepsRunning()
    {
        using var broker = await KafkaMockBroker.StartAsync(("rb", 4));
        var messages = TraceMessages.Load("h100-trace-a")["aoai"];
        await TopicClient.ProduceAsync(broker.BootstrapServers, "rb", messages.Select((m, i) => new TopicMessage(null, m, i % 4)));
        var settings = broker.Settings() with { Topics = ["rb"], GroupId = "rebalance", SessionTimeout = TimeSpan.FromSeconds(6) };
        var store = new CheckpointStore(Path.Combine(_root, "rb-state"));
        using var stop = new CancellationTokenSource();
        using var source = new KafkaSource(settings, new InputOptions());
        await using var sink = new JsonlDirectorySink(Path.Combine(_root, "rb-out"));
        var run = KafkaRunner.RunAsync(new StreamEngine(new EngineOptions { Partitions = 1 }), source, sink,
            new KafkaRunOptions { Store = store, CheckpointInterval = TimeSpan.FromMilliseconds(200) }, stop.Token);
        await Eventually(() => store.TryLoad(out _) is { Offsets.Count: 4 } c && c.Offsets.Values.Sum() == messages.Count,
            "the first member never checkpointed all 4 partitions to their ends");
        var before = store.TryLoad(out _)!;

        // A second member joins: the first must checkpoint and commit before its partitions move.
        var joined = Task.Run(() =>
        {
            using var other = new Confluent.Kafka.ConsumerBuilder<byte[], byte[]>(settings.BuildConsumerConfig()).Build();
            other.Subscribe("rb");
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (other.Assignment.Count == 0 && DateTime.UtcNow < deadline)
            {
                other.Consume(TimeSpan.FromMilliseconds(100));
            }

            var mine = other.Assignment.ToList();
            var committed = other.Committed(mine, TimeSpan.FromSeconds(30));
            other.Close();
            return committed;
        });
        var committed = await joined;

        // The joiner left again, so the first member ends up with all 4 partitions back (after a second rebalance, during
        // which it briefly holds none) and goes on with them: a fresh epoch (not one that ended already, which would end
        // every restarted run at once and flush its state as if the stream had ended), and the run is still going.
        await Eventually(() => source.Assignment.Count == 4, "the first member never got all 4 partitions back after the joiner left");
        Assert.False(source.TakeEpoch().Ended.IsCompleted, "the epoch of the new assignment has already ended");
        await Task.Delay(500);
        Assert.False(run.IsCompleted, "the run ended after the rebalance");
        await stop.CancelAsync();
        var summary = await run.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(summary.CheckpointFailures == 0, "checkpoint failures: " + summary.CheckpointFailures + " " + summary.LastCheckpointFailure);
        Assert.True(summary.Checkpoints >= 1);

        // The hand-over: the joiner was given some partitions and found them committed, never past what the first member
        // had checkpointed (nothing is skipped) and, since every message had been read and checkpointed before the join,
        // at the partitions' ends (a commit refused during the rebalance would show as a smaller offset here).
        var perPartition = Enumerable.Range(0, 4).ToDictionary(p => p, p => (long)messages.Where((_, i) => i % 4 == p).Count());
        Assert.NotEmpty(committed);
        Assert.True(committed.Count < 4);
        Assert.All(committed, c => Assert.Equal(perPartition[c.Partition.Value], c.Offset.Value));

        // After the stop: every partition is committed to its end, and the last checkpoint names only offsets at the ends.
        // (It names only partitions read since the last assignment: one given back with nothing new on it resumes from the
        // group's committed offset.)
        var final = await TopicClient.CommittedAsync(broker.BootstrapServers, "rebalance", [("rb", 0), ("rb", 1), ("rb", 2), ("rb", 3)]);
        Assert.All(perPartition, p => Assert.Equal(p.Value, final[("rb", p.Key)]));
        var last = store.TryLoad(out _)!;
        Assert.True(last.Seq > before.Seq);
        Assert.All(last.Offsets, o => Assert.Equal(perPartition[int.Parse(o.Key["rb/".Length..], System.Globalization.CultureInfo.InvariantCulture)], o.Value));
    }

    private static async Task Eventually(Func<bool> condition, string message)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), message);
            await Task.Delay(100);
        }
    }
}
