using System.Diagnostics;
using AiObsStream.Kafka.Internal;
using Confluent.Kafka;

namespace AiObsStream.Kafka;

/// <summary>
/// Reads back what is already on the alert topic, so that after a crash the engine can suppress state changes it re-derives
/// from replayed records but had already published (CloudEvent ids are deterministic), and lets tests and tools read the
/// incident state changes it carries (<see cref="ReadIncidentsAsync"/>).
/// </summary>
/// <remarks>
/// Uses a standalone consumer (assign, never subscribe or commit) with group id <c>GROUPID.readback</c>; it does not join or
/// disturb the engine's consumer group. Both methods block on broker round trips bounded by
/// <see cref="KafkaSettings.DeliveryTimeout"/>.
/// </remarks>
public static class AlertTopicReader
{
    /// <summary>The end offset (high watermark: the next offset to be written) of every partition of <paramref name="topic"/>.</summary>
    /// <returns>Partition → end offset; empty when the topic does not exist.</returns>
    /// <exception cref="KafkaException">The broker could not be reached within the delivery timeout.</exception>
    public static IReadOnlyDictionary<int, long> QueryEndOffsets(KafkaSettings settings, string topic)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrEmpty(topic);
        using var consumer = BuildConsumer(settings);
        var result = new Dictionary<int, long>();
        foreach (var p in Partitions(consumer, topic, settings.DeliveryTimeout))
        {
            result[p] = consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), settings.DeliveryTimeout).High.Value;
        }

        return result;
    }

    /// <summary>
    /// Consumes <paramref name="topic"/> from <paramref name="fromOffsets"/> up to the end offsets observed at the start and
    /// returns the CloudEvent ids found (messages that are not CloudEvents are skipped).
    /// </summary>
    /// <param name="settings">Connection settings (topics, group and publisher fields are not used).</param>
    /// <param name="topic">The alert topic.</param>
    /// <param name="fromOffsets">First offset to read per partition; null, or a partition missing from it, reads from the beginning.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="TimeoutException">The end was not reached within the delivery timeout.</exception>
    /// <exception cref="ConsumeException">The broker refused the fetch.</exception>
    public static Task<HashSet<string>> ReadPublishedIdsAsync(
        KafkaSettings settings,
        string topic,
        IReadOnlyDictionary<int, long>? fromOffsets,
        CancellationToken cancellationToken)
        => ReadAsync(settings, topic, fromOffsets, new HashSet<string>(StringComparer.Ordinal), AddId, cancellationToken);

    /// <summary>
    /// Like <see cref="ReadPublishedIdsAsync"/> but returns every id occurrence, duplicates included,
    /// in consumption order (offset order within a partition), for tests that check each change was published exactly once.
    /// </summary>
    /// <exception cref="TimeoutException">The end was not reached within the delivery timeout.</exception>
    /// <exception cref="ConsumeException">The broker refused the fetch.</exception>
    public static Task<List<string>> ReadPublishedIdListAsync(
        KafkaSettings settings,
        string topic,
        IReadOnlyDictionary<int, long>? fromOffsets,
        CancellationToken cancellationToken)
        => ReadAsync(settings, topic, fromOffsets, new List<string>(), AddId, cancellationToken);

    /// <summary>
    /// The incident state changes on <paramref name="topic"/> (CloudEvents of type <c>com.aiobsstream.incident.*</c>), in
    /// consumption order (offset order within a partition); raw alert events and foreign messages are skipped.
    /// </summary>
    /// <param name="settings">Connection settings (topics, group and publisher fields are not used).</param>
    /// <param name="topic">The alert topic.</param>
    /// <param name="fromOffsets">First offset to read per partition; null, or a partition missing from it, reads from the beginning.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="TimeoutException">The end was not reached within the delivery timeout.</exception>
    /// <exception cref="ConsumeException">The broker refused the fetch.</exception>
    public static Task<List<PublishedIncident>> ReadIncidentsAsync(
        KafkaSettings settings,
        string topic,
        IReadOnlyDictionary<int, long>? fromOffsets,
        CancellationToken cancellationToken)
        => ReadAsync(settings, topic, fromOffsets, new List<PublishedIncident>(), static (result, incidents) =>
        {
            if (PublishedIncident.TryParse(result.Message.Value, result.Partition.Value, result.Offset.Value, out var incident))
            {
                incidents.Add(incident);
            }
        }, cancellationToken);

    /// <summary>
    /// Checks the arguments, then reads the topic on the thread pool (the consumer's calls block), handing each message to
    /// <paramref name="onMessage"/> with <paramref name="found"/>, which it returns.
    /// </summary>
    private static Task<TFound> ReadAsync<TFound>(
        KafkaSettings settings, string topic, IReadOnlyDictionary<int, long>? fromOffsets, TFound found,
        Action<ConsumeResult<Ignore, byte[]>, TFound> onMessage, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrEmpty(topic);
        return Task.Run(
            () =>
            {
                Read(settings, topic, fromOffsets, result => onMessage(result, found), ct);
                return found;
            },
            ct);
    }

    /// <summary>Adds the CloudEvent id of the message, if it is a CloudEvent.</summary>
    private static void AddId(ConsumeResult<Ignore, byte[]> result, ICollection<string> ids)
    {
        if (result.Message.Value is { } value && CloudEventWriter.TryReadId(value, out var id))
        {
            ids.Add(id!);
        }
    }

    private static void Read(
        KafkaSettings settings, string topic, IReadOnlyDictionary<int, long>? fromOffsets,
        Action<ConsumeResult<Ignore, byte[]>> onMessage, CancellationToken ct)
    {
        using var consumer = BuildConsumer(settings);
        var ends = new Dictionary<int, long>();
        var assignment = new List<TopicPartitionOffset>();
        foreach (var p in Partitions(consumer, topic, settings.DeliveryTimeout))
        {
            var tp = new TopicPartition(topic, p);
            var marks = consumer.QueryWatermarkOffsets(tp, settings.DeliveryTimeout);
            var start = Math.Max(marks.Low.Value, fromOffsets is not null && fromOffsets.TryGetValue(p, out var from) ? from : 0);
            if (start < marks.High.Value)
            {
                ends[p] = marks.High.Value;
                assignment.Add(new TopicPartitionOffset(tp, start));
            }
        }

        if (assignment.Count == 0)
        {
            return;
        }

        consumer.Assign(assignment);
        var started = Stopwatch.GetTimestamp();
        while (ends.Count > 0)
        {
            ct.ThrowIfCancellationRequested();
            if (Stopwatch.GetElapsedTime(started) > settings.DeliveryTimeout)
            {
                throw new TimeoutException($"Reading topic '{topic}' did not reach its end within {settings.DeliveryTimeout}.");
            }

            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null)
            {
                continue;
            }

            var p = result.Partition.Value;
            if (!result.IsPartitionEOF && result.Message?.Value is not null)
            {
                onMessage(result);
            }

            var next = result.IsPartitionEOF ? result.Offset.Value : result.Offset.Value + 1;
            if (ends.TryGetValue(p, out var end) && next >= end)
            {
                ends.Remove(p);
            }
        }
    }

    private static IConsumer<Ignore, byte[]> BuildConsumer(KafkaSettings settings)
    {
        _ = KafkaNative.Version;
        var config = settings.BuildConsumerConfig();
        config.GroupId = settings.GroupId + ".readback";
        config.EnablePartitionEof = true;
        return new ConsumerBuilder<Ignore, byte[]>(config).SetLogHandler(static (_, _) => { }).Build();
    }

    private static List<int> Partitions(IConsumer<Ignore, byte[]> consumer, string topic, TimeSpan timeout)
    {
        // A metadata request naming the topic would auto-create it on brokers that allow that (the mock broker does);
        // the all-topics request never creates anything.
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var metadata = admin.GetMetadata(timeout);
        var partitions = new List<int>();
        foreach (var t in metadata.Topics)
        {
            if (t.Topic == topic && !t.Error.IsError)
            {
                foreach (var p in t.Partitions)
                {
                    partitions.Add(p.PartitionId);
                }
            }
        }

        partitions.Sort();
        return partitions;
    }
}
