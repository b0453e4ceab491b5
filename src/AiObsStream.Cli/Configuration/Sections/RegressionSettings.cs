namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>The <c>regression</c> section: rollout detection and the model-version regression verdict.</summary>
internal sealed class RegressionSettings
{
    /// <summary>On or off.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Version share for a rollout.</summary>
    public double? MinVersionShare { get; set; }

    /// <summary>Rollback windows (whole number 1..1000).</summary>
    public double? RollbackWindows { get; set; }

    /// <summary>Confidence for a verdict.</summary>
    public double? MinConfidence { get; set; }

    /// <summary>Effect size for a verdict.</summary>
    public double? MinEffect { get; set; }

    /// <summary>Share increase for a verdict.</summary>
    public double? MinShareIncrease { get; set; }

    /// <summary>Fewest records (whole number 2..100000000).</summary>
    public double? MinCount { get; set; }

    /// <summary>Fewest windows (whole number 2..10000).</summary>
    public double? MinWindows { get; set; }

    /// <summary>Fewest batch requests (whole number 1..100000000).</summary>
    public double? MinBatchRequests { get; set; }

    /// <summary>Overwhelming confidence.</summary>
    public double? OverwhelmingConfidence { get; set; }

    /// <summary>Overwhelming effect.</summary>
    public double? OverwhelmingEffect { get; set; }

    /// <summary>Throttle share.</summary>
    public double? ThrottleShare { get; set; }

    /// <summary>Load band.</summary>
    public double? LoadBand { get; set; }

    /// <summary>History windows (whole number 1..100000).</summary>
    public double? HistoryWindows { get; set; }

    /// <summary>Candidate windows (whole number 1..100000).</summary>
    public double? CandidateWindows { get; set; }

    /// <summary>Recovery evaluations (whole number 1..100000).</summary>
    public double? RecoveryEvaluations { get; set; }

    /// <summary>Severity (enum name).</summary>
    public string? Severity { get; set; }

    /// <summary>Signals by metric, merged over the defaults.</summary>
    public Dictionary<string, RegressionSignalSettings>? Signals { get; set; }
}
