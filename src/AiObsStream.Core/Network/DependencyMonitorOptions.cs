namespace AiObsStream.Core.Network;

/// <summary>Settings of <see cref="DependencyLatencyMonitor"/>; the defaults are the documented ones (README "Dependency latency").</summary>
public sealed record DependencyMonitorOptions
{
    /// <summary>Whether the monitor runs.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Tumbling event-time window the per-target figures cover.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>(Deployment, target, name) series tracked at once; calls of further series are counted in <see cref="DependencyLatencyMonitor.Untracked"/>.</summary>
    public int MaxTargets { get; init; } = 256;

    /// <summary>Windows of history a target needs before its baselines are trusted.</summary>
    public int MinBaselineWindows { get; init; } = 5;

    /// <summary>Weight of the newest window in the exponentially weighted baselines.</summary>
    public double BaselineAlpha { get; init; } = 0.2;

    /// <summary>A window is judged only with at least this many dependency calls and this many model-side requests.</summary>
    public int MinCalls { get; init; } = 10;

    /// <summary>Path: the time on the way must exceed its baseline by at least this many milliseconds…</summary>
    public double MinPathMs { get; init; } = 100;

    /// <summary>…and be at least this multiple of the baseline (when the baseline is above zero).</summary>
    public double PathFactor { get; init; } = 2;

    /// <summary>Path: the rise on the way must be at least this share of the rise of the dependency's p50 (else it is the model).</summary>
    public double PathShare { get; init; } = 0.5;

    /// <summary>Jitter: excess jitter must exceed its baseline by at least this many milliseconds…</summary>
    public double MinJitterMs { get; init; } = 100;

    /// <summary>…and be at least this multiple of the baseline (when the baseline is above zero).</summary>
    public double JitterFactor { get; init; } = 2;

    /// <summary>The window in milliseconds.</summary>
    public long WindowMs => (long)Window.TotalMilliseconds;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        Check(WindowMs >= 1000, "network.dependencies.window must be at least 1s");
        Check(MaxTargets is >= 1 and <= 100_000, "network.dependencies.maxTargets must be 1..100000");
        Check(MinBaselineWindows >= 1, "network.dependencies.minBaselineWindows must be at least 1");
        Check(BaselineAlpha is > 0 and <= 1, "network.dependencies.baselineAlpha must be in (0, 1]");
        Check(MinCalls >= 2, "network.dependencies.minCalls must be at least 2");
        Check(MinPathMs > 0 && PathFactor > 1, "network.dependencies.minPathMs must be > 0 and pathFactor > 1");
        Check(PathShare is > 0 and <= 1, "network.dependencies.pathShare must be in (0, 1]");
        Check(MinJitterMs > 0 && JitterFactor > 1, "network.dependencies.minJitterMs must be > 0 and jitterFactor > 1");

        static void Check(bool ok, string message)
        {
            if (!ok)
            {
                throw new ArgumentException(message);
            }
        }
    }
}
