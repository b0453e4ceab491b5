namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>One metric in <c>anomaly.rules</c>.</summary>
internal sealed class AnomalyRuleSettings
{
    /// <summary>On or off.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Statistic (enum name).</summary>
    public string? Statistic { get; set; }

    /// <summary>Direction (enum name).</summary>
    public string? Direction { get; set; }

    /// <summary>Detector (enum name).</summary>
    public string? Detector { get; set; }

    /// <summary>Fewest records a point needs.</summary>
    public double? MinCount { get; set; }

    /// <summary>Normal points before resolving (whole number 1..10000).</summary>
    public double? ResolveAfterPoints { get; set; }

    /// <summary>Telemetry sources (enum names).</summary>
    public List<string>? Sources { get; set; }

    /// <summary>Absolute change floor.</summary>
    public double? MinAbsoluteChange { get; set; }

    /// <summary>Relative change floor.</summary>
    public double? MinRelativeChange { get; set; }
}
