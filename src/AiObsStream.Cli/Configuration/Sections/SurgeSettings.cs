namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>The <c>pricing.spend.surge</c> section.</summary>
internal sealed class SurgeSettings
{
    /// <summary>On or off.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Window (duration).</summary>
    public string? Window { get; set; }

    /// <summary>Surge ratio.</summary>
    public double? Ratio { get; set; }

    /// <summary>Baseline windows (whole number).</summary>
    public double? BaselineWindows { get; set; }

    /// <summary>Sustain windows (whole number 1..60).</summary>
    public double? Sustain { get; set; }

    /// <summary>USD per minute floor.</summary>
    public double? MinIncreaseUsdPerMinute { get; set; }

    /// <summary>Per-request ratio.</summary>
    public double? PerRequestRatio { get; set; }

    /// <summary>Resolve ratio.</summary>
    public double? ResolveRatio { get; set; }

    /// <summary>Resolve windows (whole number 1..60).</summary>
    public double? ResolveWindows { get; set; }
}
