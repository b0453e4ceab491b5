using System.Text;
using AiObsStream.Kafka;
using Confluent.Kafka;

namespace AiObsStream.Benchmarks.EndToEnd;

/// <content>The inputs: a simulate folder as topic messages, produced without a key.</content>
internal static partial class ScaleOutHarness
{
    private static async Task<long> ProduceAsync(string bootstrap, Dictionary<string, List<byte[]>> messages)
    {
        _ = KafkaNative.Version;
        // Still no key, but no sticky partitioning either: the sticky partitioner can pile most of a topic into one
        // partition, and the loopback broker (librdkafka's mock cluster) keeps only about 5 MiB per partition, silently
        // dropping the oldest message sets beyond it (a 12-minute simulate folder lost deps/0 offsets 0..101 that way).
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrap, EnableIdempotence = true, Acks = Acks.All, LingerMs = 5, StickyPartitioningLingerMs = 0,
        };
        using var producer = new ProducerBuilder<Null, byte[]>(config).SetLogHandler(static (_, _) => { }).Build();
        long failed = 0;
        long count = 0;
        foreach (var (topic, list) in messages)
        {
            foreach (var m in list)
            {
                while (true)
                {
                    try
                    {
                        producer.Produce(topic, new Message<Null, byte[]> { Value = m }, r =>
                        {
                            if (r.Error.IsError)
                            {
                                Interlocked.Increment(ref failed);
                            }
                        });
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

        await Task.Run(() => producer.Flush(TimeSpan.FromMinutes(5)));
        if (failed != 0)
        {
            throw new InvalidOperationException($"{failed} messages were not delivered");
        }

        // A check against file mode is only meaningful if the broker still holds every input message.
        using var admin = new DependentAdminClientBuilder(producer.Handle).Build();
        using var reader = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "aiobs-harness-watermarks" })
            .SetLogHandler(static (_, _) => { }).Build();
        foreach (var topic in messages.Keys)
        {
            var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(30)).Topics.Single(t => t.Topic == topic).Partitions.Count;
            for (var p = 0; p < partitions; p++)
            {
                var low = reader.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(30)).Low.Value;
                if (low > 0)
                {
                    throw new InvalidOperationException($"the loopback broker dropped {topic}/{p} offsets 0..{low - 1} (it keeps about 5 MiB " +
                        "per partition): the input is too large for this check");
                }
            }
        }

        return count;
    }

    /// <summary>Topic → messages for the folder's inputs (aoai, deps, evals, dcgm; file order).</summary>
    private static Dictionary<string, List<byte[]>> Load(string folder)
    {
        var result = new Dictionary<string, List<byte[]>>(StringComparer.Ordinal);
        foreach (var (topic, path) in FileInputs(folder))
        {
            result[topic] = topic == "dcgm" ? Scrapes(path) : [.. File.ReadLines(path).Where(l => l.Trim().Length > 0).Select(Encoding.UTF8.GetBytes)];
        }

        return result;
    }

    private static IEnumerable<(string Topic, string Path)> FileInputs(string folder)
    {
        foreach (var (topic, name) in new[] { ("aoai", "aoai-diagnostics.jsonl"), ("deps", "appinsights-dependencies.jsonl"), ("evals", "appinsights-evaluations.jsonl"), ("dcgm", "dcgm.prom") })
        {
            var path = Path.Combine(folder, name);
            if (File.Exists(path))
            {
                yield return (topic, path);
            }
        }
    }

    /// <summary>One message per scrape: the samples of one timestamp, each with the file's TYPE/HELP header.</summary>
    private static List<byte[]> Scrapes(string path)
    {
        var header = new StringBuilder();
        var scrapes = new List<byte[]>();
        var current = new StringBuilder();
        string? ts = null;
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith('#'))
            {
                header.Append(line).Append('\n');
                continue;
            }

            if (line.Trim().Length == 0)
            {
                continue;
            }

            var t = line[(line.LastIndexOf(' ') + 1)..];
            if (ts is not null && t != ts)
            {
                scrapes.Add(Encoding.UTF8.GetBytes(header + current.ToString()));
                current.Clear();
            }

            ts = t;
            current.Append(line).Append('\n');
        }

        if (current.Length > 0)
        {
            scrapes.Add(Encoding.UTF8.GetBytes(header + current.ToString()));
        }

        return scrapes;
    }
}
