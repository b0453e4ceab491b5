namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>The <c>drift</c> section: quality drift per deployment, signal and model version.</summary>
internal sealed class DriftSettings
{
    /// <summary>On or off.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Request metrics watched.</summary>
    public List<string>? RequestMetrics { get; set; }

    /// <summary>Watch evaluation metrics.</summary>
    public bool? Evaluations { get; set; }

    /// <summary>Watch the error share.</summary>
    public bool? ErrorShare { get; set; }

    /// <summary>Recent windows (whole number 1..120).</summary>
    public double? RecentWindows { get; set; }

    /// <summary>Baseline buckets (whole number 1..48).</summary>
    public double? BaselineBuckets { get; set; }

    /// <summary>Windows per baseline bucket (whole number 1..1440).</summary>
    public double? BaselineBucketWindows { get; set; }

    /// <summary>Fewest reference values (whole number ≥ 1).</summary>
    public double? MinReferenceCount { get; set; }

    /// <summary>Fewest current values (whole number ≥ 1).</summary>
    public double? MinCurrentCount { get; set; }

    /// <summary>Significance level.</summary>
    public double? Alpha { get; set; }

    /// <summary>PSI floor.</summary>
    public double? MinPsi { get; set; }

    /// <summary>Normalized Wasserstein floor.</summary>
    public double? MinNormalizedWasserstein { get; set; }

    /// <summary>Cohen h floor.</summary>
    public double? MinCohensH { get; set; }

    /// <summary>Sustain windows (whole number 1..100).</summary>
    public double? SustainWindows { get; set; }

    /// <summary>Clear windows (whole number 1..100).</summary>
    public double? ClearWindows { get; set; }

    /// <summary>PSI buckets (whole number 2..100).</summary>
    public double? PsiBuckets { get; set; }

    /// <summary>Versions compared (whole number 2..32).</summary>
    public double? MaxVersions { get; set; }
}
