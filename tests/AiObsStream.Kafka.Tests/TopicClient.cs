using Confluent.Kafka;

namespace AiObsStream.Kafka.Tests;

/// <summary>Produces raw messages to a topic and reads a whole topic back, independently of the code under test.</summary>
internal static class TopicClient
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Produces the messages in order and waits for every acknowledgement; returns (partition, offset) of each.</summary>
    public static async Task<List<TopicPartitionOffset>> ProduceAsync(string bootstrap, string topic, IEnumerable<TopicMessage> messages)
    {
        var config = new ProducerConfig { BootstrapServers = bootstrap, EnableIdempotence = true, Acks = Acks.All, LingerMs = 1 };
        using var producer = new ProducerBuilder<byte[]?, byte[]>(config).SetLogHandler(static (_, _) => { }).Build();
        var results = new List<TopicPartitionOffset>();
        using var cts = new CancellationTokenSource(Timeout);
        foreach (var m in messages)
        {
            var message = new Message<byte[]?, byte[]> { Key = m.Key, Value = m.Value };
            var report = m.Partition is { } p
                ? await producer.ProduceAsync(new TopicPartition(topic, p), message, cts.Token)
                : await producer.ProduceAsync(topic, message, cts.Token);
            results.Add(report.TopicPartitionOffset);
        }

        return results;
    }

    /// <summary>Every message of every partition of <paramref name="topic"/>, ordered by partition then offset.</summary>
    public static Task<List<TopicMessage>> ReadAllAsync(string bootstrap, string topic) => Task.Run(() =>
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "test-reader",
            EnableAutoCommit = false,
            EnablePartitionEof = true,
        };
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(config).SetLogHandler(static (_, _) => { }).Build();
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var partitions = admin.GetMetadata(topic, Timeout).Topics.Single(t => t.Topic == topic).Partitions;
        var ends = new Dictionary<int, long>();
        var assign = new List<TopicPartitionOffset>();
        foreach (var p in partitions)
        {
            var high = consumer.QueryWatermarkOffsets(new TopicPartition(topic, p.PartitionId), Timeout).High.Value;
            if (high > 0)
            {
                ends[p.PartitionId] = high;
                assign.Add(new TopicPartitionOffset(topic, p.PartitionId, Offset.Beginning));
            }
        }

        var result = new List<TopicMessage>();
        consumer.Assign(assign);
        using var cts = new CancellationTokenSource(Timeout);
        while (ends.Count > 0)
        {
            var r = consumer.Consume(cts.Token);
            if (!r.IsPartitionEOF)
            {
                result.Add(new TopicMessage(r.Message.Key, r.Message.Value, r.Partition.Value, r.Offset.Value));
            }

            var next = r.IsPartitionEOF ? r.Offset.Value : r.Offset.Value + 1;
            if (ends.TryGetValue(r.Partition.Value, out var end) && next >= end)
            {
                ends.Remove(r.Partition.Value);
            }
        }

        return result.OrderBy(m => m.Partition).ThenBy(m => m.Offset).ToList();
    });

    /// <summary>The committed offsets of <paramref name="group"/> for the given partitions (-1001 when none).</summary>
    public static Task<Dictionary<(string Topic, int Partition), long>> CommittedAsync(string bootstrap, string group,
        IEnumerable<(string Topic, int Partition)> partitions) => Task.Run(() =>
    {
        var config = new ConsumerConfig { BootstrapServers = bootstrap, GroupId = group, EnableAutoCommit = false };
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(config).SetLogHandler(static (_, _) => { }).Build();
        var list = partitions.Select(p => new TopicPartition(p.Topic, p.Partition)).ToList();
        return consumer.Committed(list, Timeout).ToDictionary(c => (c.Topic, c.Partition.Value), c => c.Offset.Value);
    });
}
