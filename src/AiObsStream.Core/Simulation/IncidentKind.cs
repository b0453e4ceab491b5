namespace AiObsStream.Core.Simulation;

/// <summary>The incidents the simulator can inject (command-line names in <see cref="IncidentCatalog"/>).</summary>
public enum IncidentKind
{
    /// <summary><c>quality-drift</c>: the chat-prod release to the new model version lowers evaluation scores.</summary>
    QualityDrift = 0,

    /// <summary><c>latency-regression</c>: chat-prod TTFT and time per token grow.</summary>
    LatencyRegression = 1,

    /// <summary><c>gpu-thermal</c>: one GPU overheats and throttles its SM clock.</summary>
    GpuThermal = 2,

    /// <summary><c>spend-spike</c>: chat-prod prompt tokens and request rate jump.</summary>
    SpendSpike = 3,

    /// <summary><c>429-storm</c>: chat-mini hits its rate limit and many requests get HTTP 429.</summary>
    Http429Storm = 4,

    /// <summary><c>ingestion-gap</c>: the Azure OpenAI diagnostic export stops delivering records.</summary>
    IngestionGap = 5,
}
