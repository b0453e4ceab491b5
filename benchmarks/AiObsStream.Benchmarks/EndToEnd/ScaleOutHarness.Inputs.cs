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
        var config = new ProducerConfig { BootstrapServers = bootstrap, EnableIdempotence = true, Acks = Acks.All, LingerMs = 5 };
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
        return failed == 0 ? count : throw new InvalidOperationException($"{failed} messages were not delivered");
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
