namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>The <c>security.access</c> section (the control-plane and secret access monitor).</summary>
internal sealed class AccessSettings
{
    /// <summary>On or off.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Tumbling window of the per-identity counters (duration, at least 1s).</summary>
    public string? Window { get; set; }

    /// <summary>Identities tracked per vault or account (whole number 1..10000).</summary>
    public double? TopK { get; set; }

    /// <summary>Vaults and accounts tracked at once (whole number 1..1000000).</summary>
    public double? MaxResources { get; set; }

    /// <summary>Identities remembered per resource for the first-seen rule (whole number 1..10000000).</summary>
    public double? MaxKnownIdentities { get; set; }

    /// <summary>Event time from the first access before a new identity is judged (duration).</summary>
    public string? WarmUp { get; set; }

    /// <summary>Active windows before a rate baseline is trusted (whole number 1..10000).</summary>
    public double? MinBaselineWindows { get; set; }

    /// <summary>Weight of the newest window in the rate baseline (0, 1].</summary>
    public double? BaselineAlpha { get; set; }

    /// <summary>Fade of the Space-Saving counts per window (0, 1].</summary>
    public double? SlotDecay { get; set; }

    /// <summary>Reads an identity's window needs to be judged (whole number 1..1000000000).</summary>
    public double? MinAccesses { get; set; }

    /// <summary>Rate jump: multiple of the identity's baseline (&gt; 1).</summary>
    public double? RateFactor { get; set; }

    /// <summary>Rate jump: deviations above the baseline (&gt; 0).</summary>
    public double? RateZ { get; set; }

    /// <summary>Days of history before the hour-of-day profile is used (whole number 1..3650).</summary>
    public double? ProfileMinDays { get; set; }

    /// <summary>Accesses in the profile before it is used (whole number 1..1000000000).</summary>
    public double? ProfileMinAccesses { get; set; }

    /// <summary>Off-hours: share of the profile below which an hour is unusual (0, 1).</summary>
    public double? OffHoursShare { get; set; }
}
