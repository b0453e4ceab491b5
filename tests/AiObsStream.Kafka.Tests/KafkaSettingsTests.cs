using Confluent.Kafka;

namespace AiObsStream.Kafka.Tests;

public class KafkaSettingsTests
{
    private const string Key = "c2VjcmV0LWtleS12YWx1ZS0xMjM0NTY3ODkwYWJjZGVm=";
    private const string ConnStr = "Endpoint=sb://contoso-obs.servicebus.windows.net/;SharedAccessKeyName=listen-send;SharedAccessKey=" + Key;

    private static KafkaSettings Plain() => new() { BootstrapServers = "127.0.0.1:9092", Topics = ["diag"], GroupId = "g1" };

    [Theory]
    [InlineData("contoso-obs")]
    [InlineData("contoso-obs.servicebus.windows.net")]
    [InlineData("CONTOSO-OBS.servicebus.windows.net")]
    [InlineData("sb://contoso-obs.servicebus.windows.net/")]
    [InlineData("contoso-obs.servicebus.windows.net:9093")]
    [InlineData("")]
    public void ForEventHubs_NamespaceWithOrWithoutSuffix_NormalizesBootstrap(string ns)
    {
        var s = KafkaSettings.ForEventHubs(ns, ConnStr);

        Assert.Equal("contoso-obs.servicebus.windows.net:9093", s.BootstrapServers);
        Assert.Equal("contoso-obs.servicebus.windows.net", s.EventHubsNamespace);
        Assert.True(s.IsEventHubs);
    }

    [Fact]
    public void BuildConsumerConfig_EventHubs_UsesSaslPlainWithConnectionStringAndRecommendedSettings()
    {
        var c = KafkaSettings.ForEventHubs("contoso-obs", ConnStr).BuildConsumerConfig();

        Assert.Equal(SecurityProtocol.SaslSsl, c.SecurityProtocol);
        Assert.Equal(SaslMechanism.Plain, c.SaslMechanism);
        Assert.Equal("$ConnectionString", c.SaslUsername);
        Assert.Equal(ConnStr, c.SaslPassword);
        Assert.Equal(180_000, c.MetadataMaxAgeMs);
        Assert.Equal(30_000, c.SessionTimeoutMs);
        Assert.Equal(3_000, c.HeartbeatIntervalMs);
        Assert.True(c.SocketKeepaliveEnable);
        Assert.Equal(1_000_000, c.MessageMaxBytes);
    }

    [Fact]
    public void BuildProducerConfig_EventHubs_IdempotentAcksAllNoCompressionLongRequestTimeout()
    {
        var p = KafkaSettings.ForEventHubs("contoso-obs", ConnStr).BuildProducerConfig();

        Assert.True(p.EnableIdempotence);
        Assert.Equal(Acks.All, p.Acks);
        Assert.Equal(CompressionType.None, p.CompressionType);
        Assert.Equal(60_000, p.RequestTimeoutMs);
        Assert.Equal(1_000_000, p.MessageMaxBytes);
        Assert.Null(p.TransactionalId);
        Assert.InRange(p.LingerMs!.Value, 0, 50);
    }

    [Fact]
    public void BuildConsumerConfig_Plain_ManualCommitsEarliestEofAndNoSasl()
    {
        var c = Plain().BuildConsumerConfig();

        Assert.False(c.EnableAutoCommit);
        Assert.False(c.EnableAutoOffsetStore);
        Assert.Equal(AutoOffsetReset.Earliest, c.AutoOffsetReset);
        Assert.True(c.EnablePartitionEof);
        Assert.Equal(PartitionAssignmentStrategy.Range, c.PartitionAssignmentStrategy);
        Assert.Equal("g1", c.GroupId);
        Assert.Null(c.SecurityProtocol);
        Assert.Null(c.SaslPassword);
    }

    [Fact]
    public void ToString_EventHubs_NeverContainsTheSecret()
    {
        var s = KafkaSettings.ForEventHubs("contoso-obs", ConnStr) with { Topics = ["diag"], AlertsTopic = "alerts" };

        var text = s.ToString();

        Assert.DoesNotContain(Key, text, StringComparison.Ordinal);
        Assert.DoesNotContain("SharedAccessKey=", text, StringComparison.Ordinal);
        Assert.Contains("contoso-obs.servicebus.windows.net", text, StringComparison.Ordinal);
        Assert.Contains("***", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Endpoint=sb://contoso-obs.servicebus.windows.net/;SharedAccessKeyName=rule", "SharedAccessKey")]
    [InlineData("SharedAccessKeyName=rule;SharedAccessKey=" + Key, "Endpoint")]
    [InlineData("Endpoint=https://contoso-obs.servicebus.windows.net/;SharedAccessKeyName=rule;SharedAccessKey=" + Key, "Endpoint")]
    [InlineData("Endpoint=sb://contoso-obs.servicebus.windows.net/;SharedAccessKey=" + Key, "SharedAccessKeyName")]
    [InlineData("Endpoint=sb://contoso-obs.servicebus.windows.net/;SharedAccessSignature=SharedAccessSignature sr=x&sig=" + Key, "SharedAccessSignature")]
    [InlineData("Endpoint=sb://contoso-obs.servicebus.windows.net/;garbage", "Key=Value")]
    [InlineData("  ", "empty")]
    public void ForEventHubs_BadConnectionString_NamesTheProblemWithoutTheSecret(string connectionString, string expected)
    {
        var ex = Assert.Throws<KafkaConfigException>(() => KafkaSettings.ForEventHubs("contoso-obs", connectionString));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains(KafkaSettings.ConnectionStringVariable, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("1contoso")]
    [InlineData("contoso-")]
    [InlineData("con toso")]
    [InlineData("contoso..windows.net")]
    public void ForEventHubs_BadNamespace_NamesTheSetting(string ns)
    {
        var ex = Assert.Throws<KafkaConfigException>(() => KafkaSettings.ForEventHubs(ns, ConnStr));

        Assert.Contains("--eventhubs", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForEventHubs_NamespaceDiffersFromEndpoint_Throws()
    {
        var ex = Assert.Throws<KafkaConfigException>(() => KafkaSettings.ForEventHubs("fabrikam-obs", ConnStr));

        Assert.Contains("fabrikam-obs.servicebus.windows.net", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForEventHubsFromEnvironment_Unset_NamesTheVariable()
    {
        var ex = Assert.Throws<KafkaConfigException>(() => KafkaSettings.ForEventHubsFromEnvironment("contoso-obs", _ => null));

        Assert.Contains(KafkaSettings.ConnectionStringVariable, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForEventHubsFromEnvironment_Set_ReadsTheVariable()
    {
        string? asked = null;
        var s = KafkaSettings.ForEventHubsFromEnvironment("contoso-obs", name => (asked = name) is not null ? ConnStr : null);

        Assert.Equal(KafkaSettings.ConnectionStringVariable, asked);
        Assert.Equal("contoso-obs.servicebus.windows.net:9093", s.BootstrapServers);
    }

    [Fact]
    public void Validate_Valid_NoErrors()
    {
        Assert.Empty((Plain() with { AlertsTopic = "alerts", MetricsTopic = "metrics" }).Validate());
    }

    [Theory]
    [InlineData("", "BootstrapServers")]
    [InlineData("localhost", "BootstrapServers")]
    [InlineData("localhost:notaport", "BootstrapServers")]
    public void Validate_BadBootstrap_NamesTheSetting(string bootstrap, string expected)
    {
        var errors = (Plain() with { BootstrapServers = bootstrap }).Validate();

        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BadValues_EachNamesItsSetting()
    {
        var s = Plain() with
        {
            Topics = [],
            AlertsTopic = "bad topic",
            MetricsTopic = "..",
            GroupId = new string('g', 257),
            DeliveryTimeout = TimeSpan.Zero,
            Linger = TimeSpan.FromSeconds(5),
            SessionTimeout = TimeSpan.FromHours(1),
        };

        var errors = s.Validate();
        var ex = Assert.Throws<KafkaConfigException>(s.ThrowIfInvalid);

        foreach (var name in new[] { "Topics", "AlertsTopic", "MetricsTopic", "GroupId", "DeliveryTimeout", "Linger", "SessionTimeout" })
        {
            Assert.Contains(errors, e => e.StartsWith(name, StringComparison.Ordinal));
            Assert.Contains(name, ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_HubScopedConnectionStringWithOtherTopic_Error()
    {
        var s = KafkaSettings.ForEventHubs("contoso-obs", ConnStr + ";EntityPath=diag") with { Topics = ["diag"], AlertsTopic = "alerts" };

        var errors = s.Validate();

        Assert.Single(errors);
        Assert.StartsWith("AlertsTopic", errors[0], StringComparison.Ordinal);
        Assert.Equal("diag", s.EventHubsEntityPath);
    }
}
