using AiObsStream.Core.Events;

namespace AiObsStream.Core.Drift;

/// <summary>Settings of the <c>quality-drift</c> monitor (config section <c>drift</c>).</summary>
/// <remarks>
/// <para>Why these defaults (1-minute windows):</para>
/// <list type="bullet">
/// <item><see cref="RecentWindows"/> 5: the current distribution is the last 5 windows with data, enough to reach the
/// minimum counts at a few dozen evaluations per minute, short enough to detect within 10 minutes.</item>
/// <item><see cref="MinReferenceCount"/> 200 and <see cref="MinCurrentCount"/> 100: below about 100 values the 10-bucket
/// PSI of two samples of one distribution averages about (buckets - 1) / n = 0.09 and its spread reaches the 0.2 gate.</item>
/// <item><see cref="Alpha"/> 0.001 family-wise per window, Bonferroni-divided by the comparisons made in that window:
/// the test repeats every window on overlapping data, so the per-test level must be far below 0.05.</item>
/// <item><see cref="MinPsi"/> 0.2 (the conventional "significant shift") or <see cref="MinNormalizedWasserstein"/> 0.25
/// (a quarter of a reference standard deviation): required together with significance, so huge samples do not flag
/// practically null differences.</item>
/// <item><see cref="MinCohensH"/> 0.2 for shares (Cohen's "small" effect: 0.1 % to 2 % errors is h 0.22).</item>
/// <item><see cref="SustainWindows"/> 2 / <see cref="ClearWindows"/> 3: fire after two flagged windows in a row, resolve
/// after three clear ones.</item>
/// </list>
/// </remarks>
public sealed record QualityDriftOptions
{
    /// <summary>The rule name of the alerts.</summary>
    public const string RuleName = "quality-drift";

    /// <summary>The signal name of the error share (errors / requests).</summary>
    public const string ErrorShareSignal = "error_share";

    /// <summary>Whether the monitor runs.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// Request metrics compared as distributions (output length by default); evaluation scores are always compared,
    /// whatever their evaluator names.
    /// </summary>
    public IReadOnlyList<string> RequestMetrics { get; init; } = [MetricNames.TokensCompletion];

    /// <summary>Whether every evaluation metric (evaluator names, user feedback) is compared.</summary>
    public bool Evaluations { get; init; } = true;

    /// <summary>Whether the error share is compared (two-proportion test).</summary>
    public bool ErrorShare { get; init; } = true;

    /// <summary>Windows (with data) that make up the current distribution.</summary>
    public int RecentWindows { get; init; } = 5;

    /// <summary>Buckets of the trailing baseline (each merges <see cref="BaselineBucketWindows"/> windows).</summary>
    public int BaselineBuckets { get; init; } = 6;

    /// <summary>Windows merged into one baseline bucket.</summary>
    public int BaselineBucketWindows { get; init; } = 10;

    /// <summary>Minimum observations in the reference.</summary>
    public long MinReferenceCount { get; init; } = 200;

    /// <summary>Minimum observations in the current distribution.</summary>
    public long MinCurrentCount { get; init; } = 100;

    /// <summary>Family-wise significance level per window (Bonferroni over the comparisons of the window).</summary>
    public double Alpha { get; init; } = 0.001;

    /// <summary>PSI at or above which a significant change is large enough.</summary>
    public double MinPsi { get; init; } = 0.2;

    /// <summary>Wasserstein-1 over the reference standard deviation at or above which a significant change is large enough.</summary>
    public double MinNormalizedWasserstein { get; init; } = 0.25;

    /// <summary>Cohen's h at or above which a significant change of a share is large enough.</summary>
    public double MinCohensH { get; init; } = 0.2;

    /// <summary>Consecutive flagged windows before Firing.</summary>
    public int SustainWindows { get; init; } = 2;

    /// <summary>Consecutive clear windows before Resolved.</summary>
    public int ClearWindows { get; init; } = 3;

    /// <summary>Buckets of reference mass for PSI and Jensen-Shannon.</summary>
    public int PsiBuckets { get; init; } = 10;

    /// <summary>Model versions tracked per deployment and signal (least recently seen evicted).</summary>
    public int MaxVersions { get; init; } = 4;

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A setting is out of range (the message names it).</exception>
    public void Validate()
    {
        Check(RecentWindows is >= 1 and <= 120, "recentWindows", "from 1 to 120");
        Check(BaselineBuckets is >= 1 and <= 48, "baselineBuckets", "from 1 to 48");
        Check(BaselineBucketWindows is >= 1 and <= 1440, "baselineBucketWindows", "from 1 to 1440");
        Check(MinReferenceCount >= 1, "minReferenceCount", "at least 1");
        Check(MinCurrentCount >= 1, "minCurrentCount", "at least 1");
        Check(Alpha is > 0 and < 1, "alpha", "in (0, 1)");
        Check(MinPsi >= 0 && double.IsFinite(MinPsi), "minPsi", "a finite number >= 0");
        Check(MinNormalizedWasserstein >= 0, "minNormalizedWasserstein", "a number >= 0");
        Check(MinCohensH >= 0 && double.IsFinite(MinCohensH), "minCohensH", "a finite number >= 0");
        Check(SustainWindows is >= 1 and <= 100, "sustainWindows", "from 1 to 100");
        Check(ClearWindows is >= 1 and <= 100, "clearWindows", "from 1 to 100");
        Check(PsiBuckets is >= 2 and <= 100, "psiBuckets", "from 2 to 100");
        Check(MaxVersions is >= 2 and <= 32, "maxVersions", "from 2 to 32");
        ArgumentNullException.ThrowIfNull(RequestMetrics);
    }

    private static void Check(bool ok, string setting, string range)
    {
        if (!ok)
        {
            throw new ArgumentException($"drift.{setting}: must be {range}");
        }
    }
}
