namespace AiObsStream.Formats;

/// <summary>The input formats the engine recognises (auto-detected per file or message).</summary>
public enum InputFormat
{
    /// <summary>Not recognised.</summary>
    Unknown = 0,

    /// <summary>Azure Monitor diagnostic-settings Event Hubs bodies: <c>{"records":[...]}</c>.</summary>
    EventHubsJson = 1,

    /// <summary>Structured request logs: one JSON object per line.</summary>
    StructuredLog = 2,

    /// <summary>Prometheus text exposition 0.0.4 or OpenMetrics 1.0 (dcgm-exporter).</summary>
    Prometheus = 3,
}
