namespace AiObsStream.Core.Simulation.Rollouts;

/// <summary>The per-request latency distribution of the baseline version.</summary>
public enum LatencyShape
{
    /// <summary>Resampled from the real H100 recording (<see cref="H100Timings"/>).</summary>
    H100Trace = 0,

    /// <summary>Lognormal with <see cref="RolloutScenario.Sigma"/> (0.3 narrow … 1.2 very wide).</summary>
    LogNormal = 1,

    /// <summary>70 % short generations (median 300 ms) and 30 % long ones (median 2.4 s).</summary>
    Bimodal = 2,

    /// <summary>Pareto tail (α 1.8) above a 250 ms floor.</summary>
    HeavyTail = 3,
}
