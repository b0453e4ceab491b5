namespace AiObsStream.Core.Simulation;

/// <summary>The shape of chat latency distributions in a simulation.</summary>
public enum LatencyShape
{
    /// <summary>One lognormal mode (TTFT sigma <see cref="SimulationOptions.LatencySigma"/>).</summary>
    LogNormal = 0,

    /// <summary>A two-mode mixture: a share <see cref="SimulationOptions.SlowShare"/> of chat calls (long contexts, cold
    /// cache) take <see cref="SimulationOptions.SlowFactor"/> times longer to the first token and per output token.</summary>
    Bimodal = 1,
}
