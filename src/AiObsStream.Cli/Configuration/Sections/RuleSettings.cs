namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>One rule in <c>rules</c>: what is set overrides the built-in rule of that name, or defines a new one.</summary>
internal sealed class RuleSettings
{
    /// <summary>On or off.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Metric the rule watches (required for a new rule).</summary>
    public string? Metric { get; set; }

    /// <summary>Statistic (enum name).</summary>
    public string? Statistic { get; set; }

    /// <summary>Comparison (enum name).</summary>
    public string? Comparison { get; set; }

    /// <summary>Warning threshold; null clears it.</summary>
    [NullClears]
    public double? Warning { get; set; }

    /// <summary>Critical threshold; null clears it.</summary>
    [NullClears]
    public double? Critical { get; set; }

    /// <summary>Resolve threshold; null clears it.</summary>
    [NullClears]
    public double? ResolveThreshold { get; set; }

    /// <summary>How long a breach must last (duration).</summary>
    public string? Sustain { get; set; }

    /// <summary>Resolve after this long without data (duration).</summary>
    public string? NoDataResolveAfter { get; set; }

    /// <summary>Fewest records a window needs.</summary>
    public double? MinCount { get; set; }

    /// <summary>Threshold scale (enum name).</summary>
    public string? Scale { get; set; }

    /// <summary>Unit shown with values.</summary>
    public string? Unit { get; set; }

    /// <summary>Telemetry sources (enum names).</summary>
    public List<string>? Sources { get; set; }

    /// <summary>Per-deployment changes.</summary>
    public Dictionary<string, RuleOverrideSettings>? Overrides { get; set; }
}
