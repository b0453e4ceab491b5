namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>The <c>anomaly</c> section: streaming detection settings and per-metric rules.</summary>
internal sealed class AnomalySettings
{
    /// <summary>On or off.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Detection resolution (duration ≥ 1s).</summary>
    public string? Resolution { get; set; }

    /// <summary>Spectral-residual window (whole number 8..255).</summary>
    public double? Window { get; set; }

    /// <summary>Spectral-residual threshold.</summary>
    public double? Threshold { get; set; }

    /// <summary>Band width in sigmas.</summary>
    public double? BandSigmas { get; set; }

    /// <summary>Alert on single-point spikes.</summary>
    public bool? SinglePointSpikes { get; set; }

    /// <summary>Percentile confidence z in [0, 6].</summary>
    public double? PercentileConfidenceZ { get; set; }

    /// <summary>SR-CNN weights file.</summary>
    public string? Model { get; set; }

    /// <summary>Rules by metric: overrides of the defaults, or new ones (file order kept).</summary>
    public Dictionary<string, AnomalyRuleSettings>? Rules { get; set; }
}
