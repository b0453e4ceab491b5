namespace AiObsStream.Core.Simulation.Rollouts;

/// <summary>What the new version does differently (controls: <see cref="None"/>, <see cref="Faster"/>, <see cref="LoadBurst"/>).</summary>
public enum RolloutEffect
{
    /// <summary>Identical behaviour (control).</summary>
    None = 0,

    /// <summary>Latency and TTFT × 1.4.</summary>
    Latency140 = 1,

    /// <summary>Latency and TTFT × 2.</summary>
    Latency200 = 2,

    /// <summary>TTFT × 1.9 while the total latency grows only 8 % (a prefill regression).</summary>
    TtftOnly = 3,

    /// <summary>5 percentage points more HTTP 500.</summary>
    Errors = 4,

    /// <summary>6 percentage points more HTTP 429 (the new version's capacity is lower).</summary>
    Throttling = 5,

    /// <summary>Prompt and completion tokens × 1.5 per request.</summary>
    Tokens = 6,

    /// <summary>Latency and TTFT × 0.7 (control: better is not a regression).</summary>
    Faster = 7,

    /// <summary>
    /// Identical version, but a three-fold load burst (queueing: latency × 1.8, 10 % HTTP 429) starts one minute after
    /// the rollout and lasts four minutes (control: load is not the version's fault).
    /// </summary>
    LoadBurst = 8,

    /// <summary>The new version's timings come from the real 2024-11-20 recording (only with <see cref="LatencyShape.H100Trace"/>).</summary>
    RealV2 = 9,
}
