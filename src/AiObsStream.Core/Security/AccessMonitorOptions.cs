namespace AiObsStream.Core.Security;

/// <summary>Settings of <see cref="AccessMonitor"/>; the defaults are the documented ones (README "Security").</summary>
public sealed record AccessMonitorOptions
{
    /// <summary>Whether the monitor runs.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Tumbling event-time window the per-identity counters cover.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Identities tracked per vault or account (Space-Saving slots); the rest share nothing but the known set.</summary>
    public int TopK { get; init; } = 64;

    /// <summary>Vaults and accounts tracked at once; accesses to further ones are counted in <see cref="AccessMonitor.Untracked"/>.</summary>
    public int MaxResources { get; init; } = 1024;

    /// <summary>
    /// Identities remembered per resource for the first-seen rule (64-bit hashes, 8 bytes each); once full, further
    /// identities are not judged as new (counted in <see cref="AccessMonitor.Unjudged"/>) rather than all called new.
    /// </summary>
    public int MaxKnownIdentities { get; init; } = 4096;

    /// <summary>
    /// Event time from the monitor's first access before a new identity is judged: until then every identity is
    /// learned. Raise it where legitimate identities are rare (a weekly job would otherwise look new).
    /// </summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Active windows an identity needs before its rate baseline is trusted.</summary>
    public int MinBaselineWindows { get; init; } = 3;

    /// <summary>Weight of the newest window in the exponentially weighted rate baseline.</summary>
    public double BaselineAlpha { get; init; } = 0.2;

    /// <summary>Factor by which the Space-Saving counts fade at each window close (recent identities win the slots).</summary>
    public double SlotDecay { get; init; } = 0.8;

    /// <summary>An identity's window is judged for a rate jump only with at least this many reads (noise floor).</summary>
    public int MinAccesses { get; init; } = 10;

    /// <summary>A jump is at least this many times the identity's baseline reads per window...</summary>
    public double RateFactor { get; init; } = 5;

    /// <summary>...and this many standard deviations above it (the deviation floored at sqrt(mean)).</summary>
    public double RateZ { get; init; } = 4;

    /// <summary>Days of an identity's history before its hour-of-day profile is used.</summary>
    public int ProfileMinDays { get; init; } = 7;

    /// <summary>Accesses in an identity's profile before it is used.</summary>
    public int ProfileMinAccesses { get; init; } = 100;

    /// <summary>An hour (with its two neighbours) holding less than this share of the identity's profile is unusual.</summary>
    public double OffHoursShare { get; init; } = 0.02;

    /// <summary>The window in milliseconds.</summary>
    public long WindowMs => (long)Window.TotalMilliseconds;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        Check(WindowMs >= 1000, "security.access.window must be at least 1s");
        Check(TopK is >= 1 and <= 10_000, "security.access.topK must be 1..10000");
        Check(MaxResources >= 1, "security.access.maxResources must be at least 1");
        Check(MaxKnownIdentities >= 1, "security.access.maxKnownIdentities must be at least 1");
        Check(WarmUp >= TimeSpan.Zero, "security.access.warmUp must not be negative");
        Check(MinBaselineWindows >= 1, "security.access.minBaselineWindows must be at least 1");
        Check(BaselineAlpha is > 0 and <= 1, "security.access.baselineAlpha must be in (0, 1]");
        Check(SlotDecay is > 0 and <= 1, "security.access.slotDecay must be in (0, 1]");
        Check(MinAccesses >= 1, "security.access.minAccesses must be at least 1");
        Check(RateFactor > 1 && RateZ > 0, "security.access.rateFactor must be > 1 and rateZ > 0");
        Check(ProfileMinDays >= 1 && ProfileMinAccesses >= 1, "security.access.profileMinDays and profileMinAccesses must be at least 1");
        Check(OffHoursShare is > 0 and < 1, "security.access.offHoursShare must be in (0, 1)");

        static void Check(bool ok, string message)
        {
            if (!ok)
            {
                throw new ArgumentException(message);
            }
        }
    }
}
