namespace AiObsStream.LogAnalytics.Internal;

/// <summary>Which DCR stream a batch goes to (stored in spool file names, so renaming a stream keeps the spool).</summary>
internal enum StreamKind
{
    /// <summary>AiObsMetrics_CL rows.</summary>
    Metrics,

    /// <summary>AiObsAlerts_CL events.</summary>
    Alerts,
}
