using AiObsStream.Kafka.Consumer;
using AiObsStream.Pipeline.Inputs;
using Confluent.Kafka;

namespace AiObsStream.Kafka.ScaleOut;

/// <summary>
/// Stage 1 of scale-out: a member of group <c>GROUP-route</c> reads its share of the input partitions, parses every
/// message once (<see cref="RepartitionRouter"/>), produces its records to the repartition topic by owner, punctuates
/// each source's progress to every repartition partition, and commits an input offset only after everything derived
/// from it has been acknowledged.
/// </summary>
/// <remarks>
/// <para>Delivery: an idempotent producer (no duplicates or reordering from its own retries, per partition), and the
/// input offsets committed after the flush, so a crash replays at most the uncommitted tail: stage 2 drops those
/// envelopes by (source, offset). Kafka transactions would make the produce and the commit one atomic step; they are
/// not used, because the same code must run against the Event Hubs Kafka endpoint, which does not offer them on every
/// tier, and the de-duplication makes the result the same.</para>
/// <para>A rebalance is handled inside the consumer's own callback: what was routed is produced, flushed and committed
/// before the partitions go, so a new owner starts exactly after it. Single-threaded: <see cref="Run"/> owns the
/// consumer and the producer.</para>
/// </remarks>
public sealed class RouteStage : IDisposable
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(100);
    private const int MaxBatch = 2_000;
    private readonly KafkaSettings _settings;
    private readonly string _topic;
    private readonly IConsumer<byte[]?, byte[]?> _consumer;
    private readonly IProducer<byte[]?, byte[]> _producer;
    private readonly RepartitionRouter _router;
    private readonly IdleSources _idle;
    private readonly List<RoutedMessage> _pending = [];
    private readonly Dictionary<TopicPartition, long> _next = [];
    private readonly HashSet<string> _touched = new(StringComparer.Ordinal);
    private readonly Dictionary<TopicPartition, long> _startAt = []; // where the group's position says the next read begins
    private List<(string Topic, int Partitions)> _topics = [];
    private string? _deliveryError;
    private volatile bool _awaitingAssignment;
    private volatile bool _closing;

    /// <summary>Creates the stage's consumer and producer (no broker round trip yet).</summary>
    /// <param name="settings">The run's settings: input topics and group (the stage joins <c>GROUP-route</c>).</param>
    /// <param name="options">Parsing limits and the GPU → deployment map.</param>
    /// <param name="repartitionTopic">The repartition topic (must exist).</param>
    /// <param name="partitions">Its partition count.</param>
    /// <param name="idleTimeout">A caught-up source quiet this long is announced idle.</param>
    /// <param name="clock">Processing time (tests).</param>
    public RouteStage(KafkaSettings settings, InputOptions options, string repartitionTopic, int partitions, TimeSpan idleTimeout,
        TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _ = KafkaNative.Version;
        _settings = settings;
        _topic = repartitionTopic;
        _router = new RepartitionRouter(options, partitions);
        _idle = new IdleSources(clock ?? TimeProvider.System, idleTimeout);
        var consumer = settings.BuildConsumerConfig();
        consumer.GroupId = RouteGroup(settings.GroupId);
        consumer.HeartbeatIntervalMs = OwnStage.Heartbeat(settings);
        _consumer = new ConsumerBuilder<byte[]?, byte[]?>(consumer)
            .SetPartitionsAssignedHandler((_, parts) => OnAssigned(parts))
            .SetPartitionsRevokedHandler((_, parts) => OnRevoked(parts))
            .SetErrorHandler((_, e) => LastError = e.Reason)
            .SetLogHandler(static (_, _) => { })
            .Build();
        var producer = settings.BuildProducerConfig();
        if (!settings.IsEventHubs)
        {
            // Envelopes repeat their series' dimensions and compress several-fold: fewer bytes on the hop, and a
            // size-capped partition (a retention limit, the loopback test broker's 5 MiB) holds several times more
            // records. Event Hubs takes compressed batches only on some tiers, so it keeps the input's setting (none).
            producer.CompressionType = CompressionType.Lz4;
        }

        _producer = new ProducerBuilder<byte[]?, byte[]>(producer).SetLogHandler(static (_, _) => { }).Build();
    }

    /// <summary>The stage-1 consumer group of a run's group.</summary>
    public static string RouteGroup(string group) => group + "-route";

    /// <summary>Input messages routed so far.</summary>
    public long Routed { get; private set; }

    /// <summary>Repartition messages produced so far (records, dead letters, punctuations).</summary>
    public long Produced { get; private set; }

    /// <summary>Input offset commits so far.</summary>
    public long Commits { get; private set; }

    /// <summary>Commits refused (a rebalance in progress): their messages are replayed and de-duplicated downstream.</summary>
    public long CommitFailures { get; private set; }

    /// <summary>Partition assignments received so far (the first, then one per rebalance).</summary>
    public int Assignments { get; private set; }

    /// <summary>
    /// Whether every source partition this member reads is caught up and announced idle (or it was assigned none); never
    /// between a revocation and the next assignment, when "reads none" only means the rebalance is not over.
    /// </summary>
    public bool Quiet => !_awaitingAssignment && _idle.AllAnnounced;

    /// <summary>
    /// Input messages that were already gone from the broker when this member started reading their partition: the first
    /// offset it received was above the group's position (its committed offset, or 0 for a group that never read the
    /// partition). The broker deleted them before the group read them (retention, or a size-capped test broker such as
    /// librdkafka's mock cluster, which keeps about 5 MiB per partition); librdkafka then starts at the oldest offset it
    /// still has (<c>auto.offset.reset</c>) without a word, so they are never routed and never counted. Counted here so a
    /// run short of records says why. A transactional input can leave a control record at the position: it counts 1.
    /// </summary>
    public long Unavailable { get; private set; }

    /// <summary>The last partition where <see cref="Unavailable"/> grew: <c>topic/partition: offsets A..B</c>, or null.</summary>
    public string? LastUnavailable { get; private set; }

    /// <summary>The last consumer error librdkafka reported (broker down, ...), or null.</summary>
    public string? LastError { get; private set; }

    /// <summary>Runs on a thread of its own until <paramref name="stop"/>; faults on a delivery or broker failure.</summary>
    public Task RunAsync(CancellationToken stop) => Task.Factory.StartNew(() =>
    {
        try
        {
            Run(stop);
        }
        catch (KafkaException ex)
        {
            throw new InvalidOperationException("scale-out stage 1 (route) failed: " + ex.Error.Reason, ex);
        }
    }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>The repartition topic's partition count; it must exist (Event Hubs and many clusters refuse auto-creation).</summary>
    /// <exception cref="InvalidOperationException">It does not exist.</exception>
    public static int RepartitionPartitions(KafkaSettings settings, string topic)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _ = KafkaNative.Version;
        using var producer = new ProducerBuilder<byte[]?, byte[]>(settings.BuildProducerConfig()).SetLogHandler(static (_, _) => { }).Build();
        using var admin = new DependentAdminClientBuilder(producer.Handle).Build();
        var meta = admin.GetMetadata(topic, TimeSpan.FromSeconds(30)).Topics.SingleOrDefault(t => t.Topic == topic);
        return meta is { Error.IsError: false, Partitions.Count: > 0 }
            ? meta.Partitions.Count
            : throw new InvalidOperationException($"the repartition topic {topic} does not exist: create it (as many partitions as the " +
                "input topics have, at least as many as processes you will run) before starting the group with --scale-out");
    }

    private void Run(CancellationToken stop)
    {
        _topics = TopicPartitionCounts();
        _consumer.Subscribe(_settings.Topics);
        while (!stop.IsCancellationRequested)
        {
            for (var n = 0; n < MaxBatch; n++)
            {
                ConsumeResult<byte[]?, byte[]?>? r;
                try
                {
                    r = _consumer.Consume(n == 0 ? PollTimeout : TimeSpan.Zero);
                }
                catch (ConsumeException ex) when (!ex.Error.IsFatal)
                {
                    LastError = ex.Error.Reason;
                    break;
                }

                if (r is null)
                {
                    break;
                }

                var source = PartitionFeed.NameOf(r.TopicPartition);
                CheckStart(r.TopicPartition, source, r.Offset.Value);
                if (r.IsPartitionEOF)
                {
                    _idle.AtEnd(source);
                    continue;
                }

                _idle.Message(source);
                var time = r.Message.Timestamp.Type == TimestampType.NotAvailable ? 0 : r.Message.Timestamp.UnixTimestampMs;
                _router.Route(source, r.Offset.Value, r.Message.Value, time, _pending);
                _touched.Add(source);
                _next[r.TopicPartition] = r.Offset.Value + 1;
                Routed++;
            }

            Flush();
        }

        Flush();
    }

    /// <summary>Punctuates what moved, produces everything routed, waits for the acknowledgements, then commits.</summary>
    private void Flush()
    {
        foreach (var source in _touched.Order(StringComparer.Ordinal))
        {
            _router.Punctuate(source, idle: false, _topics, _pending);
        }

        _touched.Clear();
        foreach (var source in _idle.Due())
        {
            _router.Punctuate(source, idle: true, _topics, _pending);
        }

        if (_pending.Count == 0)
        {
            return;
        }

        foreach (var m in _pending)
        {
            var message = new Message<byte[]?, byte[]> { Value = m.Value, Headers = RepartitionHeaders.Create(m.Source, m.Offset, m.EventTime) };
            while (true)
            {
                try
                {
                    _producer.Produce(new TopicPartition(_topic, m.Partition), message, OnDelivery);
                    break;
                }
                catch (ProduceException<byte[]?, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
                {
                    _producer.Poll(TimeSpan.FromMilliseconds(50)); // the local queue is full: let deliveries drain
                }
            }
        }

        Produced += _pending.Count;
        _pending.Clear();
        if (_producer.Flush(_settings.DeliveryTimeout + TimeSpan.FromSeconds(5)) > 0 || _deliveryError is not null)
        {
            throw new KafkaDeliveryException($"repartition topic {_topic}: {_deliveryError ?? "deliveries still outstanding after the delivery timeout"}; " +
                "input offsets were not committed, a restart replays them");
        }

        if (_next.Count > 0)
        {
            try
            {
                _consumer.Commit([.. _next.Select(n => new TopicPartitionOffset(n.Key, n.Value))]);
                Commits++;
            }
            catch (KafkaException ex) when (!ex.Error.IsFatal)
            {
                // Refused while the group rebalances (or the member was fenced): the next owner replays from the last
                // commit that went through, and stage 2 drops what it replays by (source, offset). Nothing is lost.
                CommitFailures++;
                LastError = ex.Error.Reason;
            }

            _next.Clear();
        }
    }

    /// <summary>The first message (or end of partition) after an assignment: did it begin where the group's position said?</summary>
    private void CheckStart(TopicPartition partition, string source, long offset)
    {
        if (_startAt.Remove(partition, out var expected) && offset > expected)
        {
            Unavailable += offset - expected;
            LastUnavailable = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{source}: offsets {expected}..{offset - 1} were no longer on the broker");
        }
    }

    private void OnDelivery(DeliveryReport<byte[]?, byte[]> report)
    {
        if (report.Error.IsError)
        {
            _deliveryError ??= report.Error.Reason;
        }
    }

    private void OnAssigned(List<TopicPartition> partitions)
    {
        Assignments++;
        _awaitingAssignment = false;
        foreach (var p in partitions)
        {
            _idle.Assigned(PartitionFeed.NameOf(p));
        }

        ExpectStarts(partitions);
    }

    /// <summary>Remembers where reading each assigned partition should begin: its committed offset, or 0 if never committed.</summary>
    private void ExpectStarts(List<TopicPartition> partitions)
    {
        try
        {
            foreach (var c in _consumer.Committed(partitions, TimeSpan.FromSeconds(10)))
            {
                _startAt[c.TopicPartition] = c.Offset.Value >= 0 ? c.Offset.Value : 0;
            }
        }
        catch (KafkaException ex)
        {
            LastError = ex.Error.Reason; // the check is skipped for this assignment; routing does not depend on it
        }
    }

    private void OnRevoked(List<TopicPartitionOffset> partitions)
    {
        _awaitingAssignment = !_closing;
        Flush(); // what was read from them is produced and committed before they go
        foreach (var p in partitions)
        {
            var name = PartitionFeed.NameOf(p.TopicPartition);
            _idle.Revoked(name);
            _router.Forget(name);
            _startAt.Remove(p.TopicPartition);
        }
    }

    private List<(string Topic, int Partitions)> TopicPartitionCounts()
    {
        using var admin = new DependentAdminClientBuilder(_producer.Handle).Build();
        var list = new List<(string, int)>();
        foreach (var topic in _settings.Topics)
        {
            var meta = admin.GetMetadata(topic, TimeSpan.FromSeconds(30)).Topics.SingleOrDefault(t => t.Topic == topic);
            if (meta is null || meta.Error.IsError || meta.Partitions.Count == 0)
            {
                throw new InvalidOperationException($"input topic {topic} was not found ({meta?.Error.Reason ?? "no metadata"})");
            }

            list.Add((topic, meta.Partitions.Count));
        }

        return list;
    }

    /// <summary>Leaves the group and closes the clients.</summary>
    public void Dispose()
    {
        _closing = true;
        try
        {
            _consumer.Close();
        }
        catch (KafkaException)
        {
            // leaving the group failed (broker gone): the session times out on its own
        }

        _consumer.Dispose();
        _producer.Dispose();
        _router.Dispose();
    }
}
