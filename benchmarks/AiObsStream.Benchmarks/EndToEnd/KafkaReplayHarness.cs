using System.Diagnostics;
using System.Globalization;
using System.Text;
using AiObsStream.Kafka;
using AiObsStream.Kafka.Consumer;
using AiObsStream.Pipeline.Checkpoints;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Inputs;
using AiObsStream.TestKit;
using Confluent.Kafka;

namespace AiObsStream.Benchmarks.EndToEnd;

/// <summary>
/// End to end against the loopback Kafka broker: the synthetic trace (same generator as <c>replay</c>) is produced to
/// three topics (one message per Event Hubs body, one per dcgm scrape), then consumed by the engine with checkpoints
/// every second until idle. Reports consumed records/s (wall, without the final idle wait), records per CPU-second and
/// checkpoint sizes. Usage: <c>-- kafka-replay [minutes] [partitionsPerTopic]</c>.
/// </summary>
internal static class KafkaReplayHarness
{
    private static readonly string[] Topics = ["aoai", "ai", "dcgm"];

    public static async Task<int> RunAsync(string[] args)
    {
        var minutes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
        var topicPartitions = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
        var dir = Path.Combine(Path.GetTempPath(), $"aiobs-synth-{minutes}");
        var files = Directory.Exists(dir)
            ? Directory.GetFiles(dir).Order(StringComparer.Ordinal).ToArray()
            : SyntheticTrace.Write(dir, minutes, requestsPerSecond: 200, gpus: 16, deployments: 4);
        using var broker = await KafkaMockBroker.StartAsync(("aoai", topicPartitions), ("ai", topicPartitions), ("dcgm", topicPartitions));
        _ = KafkaNative.Version; // before the producer below: the first use of the binding fixes which librdkafka it uses
        var produced = Produce(broker.BootstrapServers, files);
        Console.WriteLine($"# kafka replay: {minutes} min synthetic trace, {produced:N0} messages on 3 topics x {topicPartitions} partitions, {Environment.ProcessorCount} cores");

        Console.WriteLine("# retained on the broker: " + string.Join(", ", Topics.Select(t => $"{t} {Retained(broker.BootstrapServers, t, topicPartitions):N0}")));
        await ConsumeAsync(broker.BootstrapServers, "warm-up", report: false); // JIT and thread pool warm-up, not reported
        await ConsumeAsync(broker.BootstrapServers, "bench", report: true);
        return 0;
    }

    private static async Task ConsumeAsync(string bootstrap, string group, bool report)
    {
        var state = Path.Combine(Path.GetTempPath(), "aiobs-kafka-bench-" + Guid.NewGuid().ToString("N"));
        var store = new CheckpointStore(state);
        var settings = new KafkaSettings { BootstrapServers = bootstrap, Topics = ["aoai", "ai", "dcgm"], GroupId = group };
        var engine = new StreamEngine(new EngineOptions { Partitions = Environment.ProcessorCount });
        var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var idle = TimeSpan.FromSeconds(1);
        long maxCheckpoint = 0;
        var sizes = new SizeProbe(store, () => maxCheckpoint = Math.Max(maxCheckpoint, store.LastSizeBytes));
        using var source = new KafkaSource(settings, new InputOptions());
        var summary = await KafkaRunner.RunAsync(engine, source, new ReplayHarness.NullSink(), new KafkaRunOptions
        {
            Store = store,
            CheckpointInterval = TimeSpan.FromSeconds(double.Parse(Environment.GetEnvironmentVariable("AIOBS_CHECKPOINT_SECONDS") ?? "1", CultureInfo.InvariantCulture)),
            StopWhenIdle = idle,
        }, CancellationToken.None);
        clock.Stop();
        sizes.Stop();
        process.Refresh();
        var wall = (clock.Elapsed - idle).TotalSeconds;
        var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
        if (!report)
        {
            Directory.Delete(state, recursive: true);
            return;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"records {summary.Events:N0} | wall s {wall:0.00} | records/s {summary.Events / wall:N0} | CPU s {cpu:0.00} | records/CPU-s {summary.Events / cpu:N0} | checkpoints {summary.Checkpoints} | largest checkpoint {maxCheckpoint / 1e6:0.00} MB | final {store.LastSizeBytes / 1e3:0.0} KB | peak WS {process.PeakWorkingSet64 / 1e6:N0} MB"));
        var last = store.TryLoad(out _);
        Console.WriteLine("  final checkpoint offsets: " + string.Join(", ", (last?.Offsets ?? new Dictionary<string, long>())
            .GroupBy(o => o.Key[..o.Key.IndexOf('/', StringComparison.Ordinal)]).Select(g => $"{g.Key} {g.Sum(o => o.Value):N0}"))
            + $"; source commits {source.Commits}");
        foreach (var topic in summary.Inputs.GroupBy(i => i.Name[..i.Name.IndexOf('/', StringComparison.Ordinal)]))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {topic.Key}: {topic.Count()} partitions, {topic.Sum(i => i.Units):N0} messages, {topic.Sum(i => i.Events):N0} records, {topic.Sum(i => i.RejectedByReason.Sum()):N0} rejected"));
        }

        Directory.Delete(state, recursive: true);
    }

    /// <summary>Messages the broker holds for a topic (high − low watermark over its partitions).</summary>
    private static long Retained(string bootstrap, string topic, int partitions)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "probe" })
            .SetLogHandler(static (_, _) => { }).Build();
        long total = 0;
        for (var p = 0; p < partitions; p++)
        {
            var marks = consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(30));
            total += marks.High.Value - marks.Low.Value;
        }

        return total;
    }

    private static long Produce(string bootstrap, string[] files)
    {
        var config = new ProducerConfig { BootstrapServers = bootstrap, LingerMs = 5, BatchSize = 64 * 1024, EnableIdempotence = true, StickyPartitioningLingerMs = 0 };
        using var producer = new ProducerBuilder<Null, byte[]>(config).SetLogHandler(static (_, _) => { }).Build();
        var failed = 0L;
        long count = 0;
        foreach (var file in files)
        {
            var topic = file.EndsWith(".prom", StringComparison.Ordinal) ? "dcgm" : file.Contains("aoai", StringComparison.Ordinal) ? "aoai" : "ai";
            foreach (var message in topic == "dcgm" ? Scrapes(file) : File.ReadLines(file).Where(l => l.Length > 0).Select(Encoding.UTF8.GetBytes))
            {
                while (true)
                {
                    try
                    {
                        producer.Produce(topic, new Message<Null, byte[]> { Value = message }, r => { if (r.Error.IsError) { Interlocked.Increment(ref failed); } });
                        break;
                    }
                    catch (ProduceException<Null, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
                    {
                        producer.Poll(TimeSpan.FromMilliseconds(50));
                    }
                }

                count++;
            }
        }

        producer.Flush(TimeSpan.FromMinutes(5));
        return failed == 0 ? count : throw new InvalidOperationException($"{failed} messages were not delivered");
    }

    /// <summary>Groups the exposition file's samples by timestamp into one scrape message each.</summary>
    private static IEnumerable<byte[]> Scrapes(string path)
    {
        var current = new StringBuilder();
        string? ts = null;
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var t = line[(line.LastIndexOf(' ') + 1)..];
            if (ts is not null && t != ts)
            {
                yield return Encoding.UTF8.GetBytes(current.ToString());
                current.Clear();
            }

            ts = t;
            current.Append(line).Append('\n');
        }

        if (current.Length > 0)
        {
            yield return Encoding.UTF8.GetBytes(current.ToString());
        }
    }

    /// <summary>Samples the store's last checkpoint size while the run goes on.</summary>
    private sealed class SizeProbe
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public SizeProbe(CheckpointStore store, Action sample)
        {
            _ = store;
            _loop = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    sample();
                    await Task.Delay(50).ConfigureAwait(false);
                }
            });
        }

        public void Stop()
        {
            _stop.Cancel();
            _loop.Wait();
            _stop.Dispose();
        }
    }
}
