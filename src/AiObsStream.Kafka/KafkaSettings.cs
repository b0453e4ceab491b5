using System.Globalization;
using System.Text;
using AiObsStream.Kafka.Internal;
using Confluent.Kafka;

namespace AiObsStream.Kafka;

/// <summary>
/// Where and how to reach Kafka (or the Event Hubs Kafka endpoint): input topics, consumer group, alert and metrics topics,
/// and the librdkafka client settings built from them.
/// </summary>
/// <remarks>
/// Immutable; derive variants with <c>with { ... }</c>. The Event Hubs connection string is kept privately and never appears
/// in <see cref="ToString"/> or in any validation message.
/// </remarks>
public sealed record KafkaSettings
{
    /// <summary>Environment variable that holds the Event Hubs connection string (read by the CLI for <c>--eventhubs</c>).</summary>
    public const string ConnectionStringVariable = "AIOBS_EVENTHUBS_CONNECTION_STRING";

    /// <summary>Environment variable naming librdkafka debug contexts (<c>debug</c>, e.g. <c>cgrp,topic</c>) for every client; logged to stderr.</summary>
    public const string DebugVariable = "AIOBS_KAFKA_DEBUG";

    /// <summary>Largest request the Event Hubs Kafka endpoint accepts is 1,046,528 bytes; Microsoft recommends 1,000,000.</summary>
    public const int MaxMessageBytes = 1_000_000;

    /// <summary>Bootstrap servers, <c>host:port[,host:port]</c>.</summary>
    public required string BootstrapServers { get; init; }

    /// <summary>Input topics (Event Hubs: event hub names).</summary>
    public IReadOnlyList<string> Topics { get; init; } = [];

    /// <summary>Consumer group id (Event Hubs: at most 256 characters, created on first use).</summary>
    public string GroupId { get; init; } = "aiobs";

    /// <summary>Client id reported to the broker.</summary>
    public string ClientId { get; init; } = "aiobs";

    /// <summary>
    /// Topic that receives one CloudEvent per incident state change (Open / Updated / Resolved, key = IncidentId), or null
    /// for none; raw alert state changes go there too only with <see cref="PublishRawAlerts"/>.
    /// </summary>
    public string? AlertsTopic { get; init; }

    /// <summary>
    /// Also publish every raw alert state change to <see cref="AlertsTopic"/> (key = AlertId, CloudEvent type
    /// <c>com.aiobsstream.alert.*</c>), beside the incidents; off by default: alerts.jsonl keeps the raw record.
    /// </summary>
    public bool PublishRawAlerts { get; init; }

    /// <summary>Topic that receives one message per metric row, or null for none.</summary>
    public string? MetricsTopic { get; init; }

    /// <summary>How long the producer retries a message before reporting it failed (librdkafka <c>message.timeout.ms</c>).</summary>
    public TimeSpan DeliveryTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long the producer waits to batch messages (librdkafka <c>linger.ms</c>).</summary>
    public TimeSpan Linger { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Consumer group session timeout: how soon a crashed member's partitions move (Event Hubs recommends 30 s).</summary>
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Partition assignment strategy. Default <see cref="PartitionAssignmentStrategy.Range"/> (eager): a rebalance revokes
    /// every partition at once, so the consumer can checkpoint and commit all of them at a single barrier; cooperative-sticky
    /// needs incremental assign/unassign handling and had open rebalance fixes after librdkafka 2.0.2.
    /// </summary>
    public PartitionAssignmentStrategy AssignmentStrategy { get; init; } = PartitionAssignmentStrategy.Range;

    /// <summary>The Event Hubs namespace host (e.g. <c>contoso.servicebus.windows.net</c>), or null for plain Kafka.</summary>
    public string? EventHubsNamespace { get; private init; }

    /// <summary>The event hub a hub-scoped connection string is limited to (its EntityPath), or null.</summary>
    public string? EventHubsEntityPath { get; private init; }

    /// <summary>True when connecting to the Event Hubs Kafka endpoint (SASL_SSL, PLAIN).</summary>
    public bool IsEventHubs => EventHubsNamespace is not null;

    /// <summary>The SASL password (the connection string). Private: never printed.</summary>
    private string? SaslPassword { get; init; }

    /// <summary>Settings for the Event Hubs Kafka endpoint of namespace <paramref name="ns"/>.</summary>
    /// <param name="ns">Namespace as <c>NAME</c> or <c>NAME.servicebus.windows.net</c> (empty: taken from the connection string).</param>
    /// <param name="connectionString">A namespace- or hub-level SAS policy connection string (a secret).</param>
    /// <exception cref="KafkaConfigException">The namespace or connection string is invalid, or they name different namespaces.</exception>
    public static KafkaSettings ForEventHubs(string ns, string connectionString)
    {
        if (!EventHubsConnectionString.TryParse(connectionString, out var parsed, out var csError))
        {
            throw new KafkaConfigException($"Event Hubs connection string ({ConnectionStringVariable}) {csError}.");
        }

        var host = parsed!.Host;
        if (!string.IsNullOrWhiteSpace(ns))
        {
            if (!Internal.EventHubsNamespace.TryNormalize(ns, out host, out var nsError))
            {
                throw new KafkaConfigException($"Event Hubs namespace (--eventhubs): {nsError}.");
            }

            if (!string.Equals(host, parsed.Host, StringComparison.Ordinal))
            {
                throw new KafkaConfigException(
                    $"Event Hubs namespace (--eventhubs) '{host}' differs from the connection string's Endpoint host '{parsed.Host}'.");
            }
        }

        return new KafkaSettings
        {
            BootstrapServers = host + ":9093",
            EventHubsNamespace = host,
            EventHubsEntityPath = parsed.EntityPath,
            SaslPassword = connectionString.Trim(),
        };
    }

    /// <summary>Event Hubs settings with the connection string read from <see cref="ConnectionStringVariable"/>.</summary>
    /// <param name="ns">Namespace (see <see cref="ForEventHubs"/>).</param>
    /// <param name="getEnvironmentVariable">Reads a variable; null for <see cref="Environment.GetEnvironmentVariable(string)"/>.</param>
    /// <exception cref="KafkaConfigException">The variable is unset or invalid, or the namespace is invalid.</exception>
    public static KafkaSettings ForEventHubsFromEnvironment(string ns, Func<string, string?>? getEnvironmentVariable = null)
    {
        var value = (getEnvironmentVariable ?? Environment.GetEnvironmentVariable)(ConnectionStringVariable);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new KafkaConfigException(
                $"{ConnectionStringVariable} is not set: --eventhubs needs the namespace's connection string " +
                "(Endpoint=sb://NAMESPACE.servicebus.windows.net/;SharedAccessKeyName=...;SharedAccessKey=...).");
        }

        return ForEventHubs(ns, value);
    }

    /// <summary>Returns the configuration errors, each naming its setting (empty when valid).</summary>
    public IReadOnlyList<string> Validate() => KafkaSettingsValidator.Validate(this);

    /// <summary>Throws when <see cref="Validate"/> reports errors.</summary>
    /// <exception cref="KafkaConfigException">The settings are invalid; the message lists every error.</exception>
    public void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new KafkaConfigException("Kafka configuration: " + string.Join(" ", errors));
        }
    }

    /// <summary>Consumer settings: manual commits of explicitly stored offsets, earliest reset, end-of-partition events.</summary>
    /// <remarks>
    /// <c>enable.auto.commit=false</c> and <c>enable.auto.offset.store=false</c>: offsets move only when the engine commits
    /// after its outputs are durable. <c>enable.partition.eof=true</c> lets <c>--stop-when-idle</c> see the end of each partition.
    /// </remarks>
    public ConsumerConfig BuildConsumerConfig()
    {
        var config = new ConsumerConfig
        {
            GroupId = GroupId,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnablePartitionEof = true,
            PartitionAssignmentStrategy = AssignmentStrategy,
            SessionTimeoutMs = (int)SessionTimeout.TotalMilliseconds,
            HeartbeatIntervalMs = 3000,
            AllowAutoCreateTopics = false,
        };
        ApplyCommon(config);
        return config;
    }

    /// <summary>Producer settings: idempotent, acks from all in-sync replicas, a short linger, no compression.</summary>
    public ProducerConfig BuildProducerConfig()
    {
        var config = new ProducerConfig
        {
            EnableIdempotence = true,
            Acks = Acks.All,
            MaxInFlight = 5,
            LingerMs = Linger.TotalMilliseconds,
            MessageTimeoutMs = (int)DeliveryTimeout.TotalMilliseconds,
            CompressionType = CompressionType.None,
            DeliveryReportFields = "status",
        };
        ApplyCommon(config);
        if (IsEventHubs)
        {
            config.RequestTimeoutMs = 60_000;
        }

        return config;
    }

    /// <summary>Lists the settings without the connection string.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(256);
        sb.Append(CultureInfo.InvariantCulture, $"KafkaSettings {{ BootstrapServers = {BootstrapServers}, Topics = [{string.Join(", ", Topics)}]");
        sb.Append(CultureInfo.InvariantCulture, $", GroupId = {GroupId}, ClientId = {ClientId}, AlertsTopic = {AlertsTopic}, PublishRawAlerts = {PublishRawAlerts}, MetricsTopic = {MetricsTopic}");
        sb.Append(CultureInfo.InvariantCulture, $", AssignmentStrategy = {AssignmentStrategy}, EventHubsNamespace = {EventHubsNamespace}");
        sb.Append(SaslPassword is null ? " }" : ", SaslPassword = *** }");
        return sb.ToString();
    }

    private void ApplyCommon(ClientConfig config)
    {
        config.BootstrapServers = BootstrapServers;
        config.ClientId = ClientId;
        config.SocketKeepaliveEnable = true;
        config.MessageMaxBytes = MaxMessageBytes;
        if (Environment.GetEnvironmentVariable(DebugVariable) is { Length: > 0 } debug)
        {
            config.Debug = debug; // librdkafka's own debug contexts (e.g. "cgrp"), logged to stderr: for troubleshooting only
        }

        if (SaslPassword is null)
        {
            return;
        }

        // Microsoft's librdkafka recommendations for the Kafka endpoint (formats.md §5): idle connections are closed after
        // 240 s, so metadata is refreshed before that; requests may be throttled, so the request timeout is long.
        config.SecurityProtocol = SecurityProtocol.SaslSsl;
        config.SaslMechanism = SaslMechanism.Plain;
        config.SaslUsername = "$ConnectionString";
        config.SaslPassword = SaslPassword;
        config.MetadataMaxAgeMs = 180_000;
        config.Set("broker.version.fallback", "1.0.0");
    }
}
