namespace AiObsStream.Core.Anomaly;

/// <summary>Which departures from the expected value an anomaly rule reports.</summary>
public enum AnomalyDirection
{
    /// <summary>Only values above the expected band (latency spikes).</summary>
    Up = 0,

    /// <summary>Only values below the expected band (idle GPUs).</summary>
    Down = 1,

    /// <summary>Both.</summary>
    Both = 2,
}
