using System.Diagnostics;
using System.Text.Json;
using AiObsStream.Kafka.Consumer;
using AiObsStream.Pipeline.Checkpoints;
using AiObsStream.Pipeline.Inputs;
using AiObsStream.Pipeline.Sinks;
using AiObsStream.TestKit;
using Confluent.Kafka;

namespace AiObsStream.Kafka.Tests;

/// <summary>
/// One result whatever the transport: the same dcgm-exporter recording read as capture files, as one Kafka message per
/// scrape, and through Kafka with a crash (checkpoint restored, the messages after it read again) gives the same metric
/// rows, every metric but ingestion health (which describes the transport).
/// </summary>
/// <remarks>
/// The topic has several partitions and the scrapes are spread over them round-robin (as an unkeyed producer or Event
/// Hubs does), so one GPU's scrapes reach the engine in batches that overlap in event time: counters and the XID gauge
/// must be derived in event-time order, not arrival order.
/// </remarks>
public sealed class TransportEquivalenceTests : IClassFixture<DcgmRecordingFixture>, IDisposable
{
    private const string Topic = "dcgm";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "aiobs-equiv-" + Guid.NewGuid().ToString("N"));
    private readonly DcgmRecordingFixture _recording;

    public TransportEquivalenceTests(DcgmRecordingFixture recording) => _recording = recording;

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void Files_RecordingWithCountersAndXids_RowsMatchTheRecordingsTruth()
    {
        var rows = _recording.FileRows;
        var recording = _recording.Recording;
        Assert.Contains(rows.Keys, k => k.StartsWith("ecc_sbe|", StringComparison.Ordinal));
        Assert.Contains(recording.Scrapes, s => s.HasTimestamps);
        Assert.Contains(recording.Scrapes, s => !s.HasTimestamps);
        foreach (var (uuid, truth) in recording.Truth)
        {
            Assert.Equal(truth.SbeIncrease, SumOf(rows, "ecc_sbe", uuid));
            Assert.Equal(truth.DbeIncrease, SumOf(rows, "ecc_dbe", uuid));
            Assert.Equal(truth.NewXids, CountOf(rows, "xid", uuid));
        }

        Assert.Contains(recording.Truth.Values, t => t.DbeIncrease > 0);
        Assert.True(recording.Truth.Values.Sum(t => t.NewXids) >= 3);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task Kafka_OneScrapePerMessage_SameRowsAsFiles(int partitions)
    {
        var expected = _recording.FileRows;
        using var broker = await KafkaMockBroker.StartAsync((Topic, partitions));
        var scrapes = _recording.Recording.Scrapes;
        await ProduceAsync(broker.BootstrapServers, scrapes, 0, scrapes.Count, partitions);

        var outDir = Path.Combine(_root, "kafka");
        await using (var sink = new JsonlDirectorySink(outDir))
        {
            using var source = new KafkaSource(Settings(broker), new InputOptions());
            await KafkaRunner.RunAsync(DcgmRecordingFixture.NewEngine(), source, sink, new KafkaRunOptions
            {
                Store = new CheckpointStore(Path.Combine(_root, "state")),
                StopWhenIdle = TimeSpan.FromSeconds(1),
                CheckpointInterval = TimeSpan.FromMilliseconds(250),
            }, CancellationToken.None);
        }

        RowEquivalence.AssertEquivalent(expected, TraceComparison.FinalRows(Path.Combine(outDir, "metrics.jsonl")));
    }

    /// <summary>
    /// A crash after offset <c>split</c>: the engine checkpointed there, went on through more scrapes (rows written), then
    /// died before its next checkpoint. The restart restores that checkpoint (its output truncated to it) and reads the
    /// scrapes after it again, interleaved across partitions differently than the first time.
    /// </summary>
    [Theory]
    [InlineData(17, 90)]
    [InlineData(50, 60)]
    [InlineData(83, 30)]
    public async Task Kafka_CrashAfterCheckpoint_RestartGivesSameRowsAsFiles(int splitPercent, int replayed)
    {
        const int partitions = 4;
        var expected = _recording.FileRows;
        using var broker = await KafkaMockBroker.StartAsync((Topic, partitions));
        var scrapes = _recording.Recording.Scrapes;
        var split = scrapes.Count * splitPercent / 100;
        var crash = Math.Min(scrapes.Count, split + replayed);
        var state = Path.Combine(_root, "state");
        var outDir = Path.Combine(_root, "crash");
        var store = new CheckpointStore(state);

        await ProduceAsync(broker.BootstrapServers, scrapes, 0, split, partitions);
        using (var stop = new CancellationTokenSource())
        {
            var sink = new JsonlDirectorySink(outDir);
            using var source = new KafkaSource(Settings(broker, "crash-1"), new InputOptions());
            var run = KafkaRunner.RunAsync(DcgmRecordingFixture.NewEngine(), source, sink, new KafkaRunOptions
            {
                Store = store,
                CheckpointInterval = TimeSpan.FromMilliseconds(150),
            }, stop.Token);
            var atSplit = await WaitForCheckpointAsync(store, split, run);
            await ProduceAsync(broker.BootstrapServers, scrapes, split, crash, partitions);
            _ = await WaitForCheckpointAsync(store, crash, run);
            await stop.CancelAsync();
            await run.WaitAsync(TimeSpan.FromMinutes(1));
            await sink.DisposeAsync();
            RollBackTo(store, atSplit); // the checkpoints written after the split never happened
        }

        await ProduceAsync(broker.BootstrapServers, scrapes, crash, scrapes.Count, partitions);
        var restore = store.TryLoad(out _);
        Assert.NotNull(restore);
        Assert.Equal(split, restore.Offsets.Values.Sum());
        await using (var sink = new JsonlDirectorySink(outDir, resume: true))
        {
            // A new group member starts from the checkpoint's offsets (a restart in the same group would first wait for
            // the dead member's session to time out; the offsets come from the checkpoint either way).
            using var source = new KafkaSource(Settings(broker, "crash-2"), new InputOptions());
            await KafkaRunner.RunAsync(DcgmRecordingFixture.NewEngine(), source, sink, new KafkaRunOptions
            {
                Store = store,
                Restore = restore,
                StopWhenIdle = TimeSpan.FromSeconds(1),
                CheckpointInterval = TimeSpan.FromMilliseconds(250),
            }, CancellationToken.None);
        }

        RowEquivalence.AssertEquivalent(expected, TraceComparison.FinalRows(Path.Combine(outDir, "metrics.jsonl")));
    }

    private static KafkaSettings Settings(KafkaMockBroker broker, string group = "equivalence") =>
        broker.Settings() with { Topics = [Topic], GroupId = group };

    /// <summary>Produces scrapes [from, to) in capture order, round-robin over the partitions, stamped with their capture time.</summary>
    private static async Task ProduceAsync(string bootstrap, IReadOnlyList<DcgmScrape> scrapes, int from, int to, int partitions)
    {
        var config = new ProducerConfig { BootstrapServers = bootstrap, EnableIdempotence = true, Acks = Acks.All, LingerMs = 1 };
        using var producer = new ProducerBuilder<byte[]?, byte[]>(config).SetLogHandler(static (_, _) => { }).Build();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var pending = new List<Task>(to - from);
        for (var i = from; i < to; i++)
        {
            var message = new Message<byte[]?, byte[]>
            {
                Value = scrapes[i].Body,
                Timestamp = new Timestamp(scrapes[i].CapturedUnixMs, TimestampType.CreateTime),
            };
            pending.Add(producer.ProduceAsync(new TopicPartition(Topic, i % partitions), message, cts.Token));
        }

        await Task.WhenAll(pending); // idempotent producer: order within each partition is kept
    }

    /// <summary>Waits for a checkpoint covering <paramref name="offsets"/> messages and returns it.</summary>
    private static async Task<EngineCheckpoint> WaitForCheckpointAsync(CheckpointStore store, int offsets, Task run)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(run.IsCompleted, "the run ended early: " + run.Exception?.Message);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"no checkpoint covering {offsets} messages within 60 s");
            try
            {
                if (store.TryLoad(out _) is { } checkpoint && checkpoint.Offsets.Values.Sum() >= offsets)
                {
                    return checkpoint;
                }
            }
            catch (IOException)
            {
                // being replaced right now
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Makes <paramref name="checkpoint"/> the only one in the folder, as if none had been written after it.</summary>
    private static void RollBackTo(CheckpointStore store, EngineCheckpoint checkpoint)
    {
        foreach (var file in Directory.GetFiles(store.DirectoryPath))
        {
            File.Delete(file);
        }

        store.Save(checkpoint);
    }

    private static double SumOf(SortedDictionary<string, string> rows, string metric, string gpu) =>
        Matching(rows, metric, gpu).Sum(r => r.GetProperty("Sum") is { ValueKind: JsonValueKind.Number } sum ? sum.GetDouble() : 0);

    private static double CountOf(SortedDictionary<string, string> rows, string metric, string gpu) =>
        Matching(rows, metric, gpu).Sum(r => r.GetProperty("Count").GetDouble());

    private static IEnumerable<JsonElement> Matching(SortedDictionary<string, string> rows, string metric, string gpu) =>
        rows.Where(r => r.Key.StartsWith(metric + "|", StringComparison.Ordinal) && r.Key.EndsWith("|" + gpu, StringComparison.Ordinal))
            .Select(r => JsonDocument.Parse(r.Value).RootElement);
}
