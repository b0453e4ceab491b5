namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>The <c>kafka</c> section: the same settings as the <c>aiobs run</c> Kafka flags (flags win).</summary>
internal sealed class KafkaFileSettings
{
    /// <summary>Bootstrap servers.</summary>
    public string? Bootstrap { get; set; }

    /// <summary>Event Hubs namespace.</summary>
    public string? EventHubsNamespace { get; set; }

    /// <summary>Topics to consume.</summary>
    public List<string>? Topics { get; set; }

    /// <summary>Consumer group.</summary>
    public string? Group { get; set; }

    /// <summary>Incident (and raw alert) topic.</summary>
    public string? AlertsTopic { get; set; }

    /// <summary>Also publish raw alerts.</summary>
    public bool? PublishRawAlerts { get; set; }

    /// <summary>Metric rows topic.</summary>
    public string? MetricsTopic { get; set; }

    /// <summary>Checkpoint folder.</summary>
    public string? State { get; set; }

    /// <summary>Idle stop (duration).</summary>
    public string? StopWhenIdle { get; set; }

    /// <summary>Checkpoint interval (duration).</summary>
    public string? CheckpointInterval { get; set; }

    /// <summary>Exact scale-out over N processes.</summary>
    public bool? ScaleOut { get; set; }

    /// <summary>Consumer group session timeout (duration).</summary>
    public string? SessionTimeout { get; set; }
}
