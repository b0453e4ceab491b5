namespace AiObsStream.Core.Events;

/// <summary>Where a record came from. The same call seen by two sources stays in two series.</summary>
public enum TelemetrySource : byte
{
    /// <summary>Azure OpenAI (Cognitive Services) resource logs: RequestResponse and Audit.</summary>
    AzureOpenAI = 0,

    /// <summary>Application Insights telemetry exported through diagnostic settings (workspace column names).</summary>
    AppInsights = 1,

    /// <summary>Azure Monitor platform metrics (AllMetrics category).</summary>
    AzureMetrics = 2,

    /// <summary>NVIDIA dcgm-exporter Prometheus exposition.</summary>
    DCGM = 3,

    /// <summary>Structured application request logs (one JSON object per line).</summary>
    Log = 4,
}
