namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>The <c>network.dependencies</c> section (the dependency latency monitor).</summary>
internal sealed class DependencySettings
{
    /// <summary>On or off.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Tumbling window of the per-target figures (duration, at least 1s).</summary>
    public string? Window { get; set; }

    /// <summary>(Deployment, target, name) series tracked at once (whole number 1..100000).</summary>
    public double? MaxTargets { get; set; }

    /// <summary>Windows of history before a target's baselines are trusted (whole number 1..10000).</summary>
    public double? MinBaselineWindows { get; set; }

    /// <summary>Weight of the newest window in the baselines (0, 1].</summary>
    public double? BaselineAlpha { get; set; }

    /// <summary>Calls on both sides a window needs to be judged (whole number 2..1000000000).</summary>
    public double? MinCalls { get; set; }

    /// <summary>Path: milliseconds above the baseline (&gt; 0).</summary>
    public double? MinPathMs { get; set; }

    /// <summary>Path: multiple of a positive baseline (&gt; 1).</summary>
    public double? PathFactor { get; set; }

    /// <summary>Path: share of the dependency's p50 rise that must be on the way (0, 1].</summary>
    public double? PathShare { get; set; }

    /// <summary>Jitter: milliseconds above the baseline (&gt; 0).</summary>
    public double? MinJitterMs { get; set; }

    /// <summary>Jitter: multiple of a positive baseline (&gt; 1).</summary>
    public double? JitterFactor { get; set; }
}
