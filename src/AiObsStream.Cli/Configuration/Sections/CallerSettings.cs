namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>The <c>security.callers</c> section (the caller consumption monitor).</summary>
internal sealed class CallerSettings
{
    /// <summary>On or off.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Tumbling window of the per-caller counters (duration, at least 1s).</summary>
    public string? Window { get; set; }

    /// <summary>Callers tracked per deployment (whole number 1..10000).</summary>
    public double? TopK { get; set; }

    /// <summary>Deployments tracked at once (whole number 1..1000000).</summary>
    public double? MaxDeployments { get; set; }

    /// <summary>Windows of history before a baseline is trusted (whole number 1..10000).</summary>
    public double? MinBaselineWindows { get; set; }

    /// <summary>Weight of the newest window in the baselines (0, 1].</summary>
    public double? BaselineAlpha { get; set; }

    /// <summary>Fade of the Space-Saving counts per window (0, 1].</summary>
    public double? SlotDecay { get; set; }

    /// <summary>Requests a caller's window needs to be judged (whole number 1..1000000000).</summary>
    public double? MinRequests { get; set; }

    /// <summary>Surge: multiple of the caller's baseline (&gt; 1).</summary>
    public double? SurgeFactor { get; set; }

    /// <summary>Surge: deviations above the baseline (&gt; 0).</summary>
    public double? SurgeZ { get; set; }

    /// <summary>New caller: share of the deployment's tokens (0, 1].</summary>
    public double? NewCallerShare { get; set; }

    /// <summary>Large responses: multiple of the caller's and the deployment's baseline (&gt; 1).</summary>
    public double? ResponseFactor { get; set; }
}
