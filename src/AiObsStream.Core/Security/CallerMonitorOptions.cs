namespace AiObsStream.Core.Security;

/// <summary>Settings of <see cref="CallerConsumptionMonitor"/>; the defaults are the documented ones (README "Security").</summary>
public sealed record CallerMonitorOptions
{
    /// <summary>Whether the monitor runs.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Tumbling event-time window the per-caller counters cover.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Callers tracked per deployment (Space-Saving slots); the rest are counted only as "other".</summary>
    public int TopK { get; init; } = 32;

    /// <summary>Deployments tracked at once; requests of further deployments are counted in <see cref="CallerConsumptionMonitor.Untracked"/>.</summary>
    public int MaxDeployments { get; init; } = 1024;

    /// <summary>Windows of history a caller (and a deployment) needs before its baseline is trusted.</summary>
    public int MinBaselineWindows { get; init; } = 5;

    /// <summary>Weight of the newest window in the exponentially weighted baselines.</summary>
    public double BaselineAlpha { get; init; } = 0.2;

    /// <summary>Factor by which the Space-Saving counts fade at each window close (recent callers win the slots).</summary>
    public double SlotDecay { get; init; } = 0.8;

    /// <summary>A caller's window is judged only with at least this many requests (noise floor).</summary>
    public int MinRequests { get; init; } = 10;

    /// <summary>Caller surge: requests or tokens per window at least this multiple of the caller's baseline…</summary>
    public double SurgeFactor { get; init; } = 4;

    /// <summary>…and at least this many standard deviations above it.</summary>
    public double SurgeZ { get; init; } = 4;

    /// <summary>New caller: a caller without baseline taking at least this share of the deployment's tokens (or requests).</summary>
    public double NewCallerShare { get; init; } = 0.3;

    /// <summary>Large responses: mean response bytes per request at least this multiple of the caller's baseline and of the deployment's.</summary>
    public double ResponseFactor { get; init; } = 3;

    /// <summary>The window in milliseconds.</summary>
    public long WindowMs => (long)Window.TotalMilliseconds;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        Check(WindowMs >= 1000, "security.callers.window must be at least 1s");
        Check(TopK is >= 1 and <= 10_000, "security.callers.topK must be 1..10000");
        Check(MaxDeployments >= 1, "security.callers.maxDeployments must be at least 1");
        Check(MinBaselineWindows >= 1, "security.callers.minBaselineWindows must be at least 1");
        Check(BaselineAlpha is > 0 and <= 1, "security.callers.baselineAlpha must be in (0, 1]");
        Check(SlotDecay is > 0 and <= 1, "security.callers.slotDecay must be in (0, 1]");
        Check(MinRequests >= 1, "security.callers.minRequests must be at least 1");
        Check(SurgeFactor > 1 && SurgeZ > 0, "security.callers.surgeFactor must be > 1 and surgeZ > 0");
        Check(NewCallerShare is > 0 and <= 1, "security.callers.newCallerShare must be in (0, 1]");
        Check(ResponseFactor > 1, "security.callers.responseFactor must be > 1");

        static void Check(bool ok, string message)
        {
            if (!ok)
            {
                throw new ArgumentException(message);
            }
        }
    }
}
