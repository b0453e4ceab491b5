using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Versions;

/// <summary>
/// Settings of rollout detection and the model-version regression verdict (config section <c>regression</c>).
/// </summary>
/// <remarks>
/// Like with like: the new version is compared with the previous one only on windows at a similar load (deployment
/// requests within <see cref="LoadBand"/> of the new version's median), and per-request signals (latency, TTFT, tokens,
/// quality, GPU efficiency) skip windows where the deployment was throttled (429 share above <see cref="ThrottleShare"/>),
/// so a burst before a rollout makes the old version look neither worse nor better than it is.
/// </remarks>
public sealed record RegressionOptions
{
    /// <summary>The rule name of the alert.</summary>
    public const string RuleName = "model-version-regression";

    /// <summary>Turns rollout detection and the verdict on or off.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Share of a deployment's requests in a window from which a version counts as present (rolled out).</summary>
    public double MinVersionShare { get; init; } = 0.05;

    /// <summary>Consecutive windows with the new version below <see cref="MinVersionShare"/> that make a rollback.</summary>
    public int RollbackWindows { get; init; } = 2;

    /// <summary>One-sided confidence (1 − p) a change needs to count.</summary>
    public double MinConfidence { get; init; } = 0.99;

    /// <summary>Default smallest relative change (distributions and window means) that counts.</summary>
    public double MinEffect { get; init; } = 0.15;

    /// <summary>Default smallest absolute increase of a share (429, errors) that counts.</summary>
    public double MinShareIncrease { get; init; } = 0.02;

    /// <summary>Observations each side needs for a distribution or proportion comparison.</summary>
    public long MinCount { get; init; } = 50;

    /// <summary>Windows each side needs for a window-mean comparison.</summary>
    public int MinWindows { get; init; } = 3;

    /// <summary>
    /// Observations per batch of the window-level test: consecutive windows are pooled until a batch holds this many
    /// (batch means), so that a window with a handful of requests does not weigh like a full one.
    /// </summary>
    public long MinBatchRequests { get; init; } = 30;

    /// <summary>
    /// Request-level confidence that decides alone while the baseline has fewer than <see cref="MinWindows"/> comparable
    /// windows (a one-minute baseline, or the first windows after a rollback): the window-level test that guards against
    /// window-to-window variation has no power there, so only overwhelming evidence counts.
    /// </summary>
    public double OverwhelmingConfidence { get; init; } = 0.999;

    /// <summary>Multiple of the signal's minimum effect that the few-baseline-windows verdict needs (with <see cref="OverwhelmingConfidence"/>).</summary>
    public double OverwhelmingEffect { get; init; } = 1.5;

    /// <summary>429 share of the deployment above which a window is left out of per-request comparisons.</summary>
    public double ThrottleShare { get; init; } = 0.01;

    /// <summary>Baseline windows count when their deployment load is within this factor of the new version's median load.</summary>
    public double LoadBand { get; init; } = 2.0;

    /// <summary>Windows kept per version (the baseline history).</summary>
    public int HistoryWindows { get; init; } = 60;

    /// <summary>Most recent windows of the new version that are compared (recovery shows after this many).</summary>
    public int CandidateWindows { get; init; } = 15;

    /// <summary>Consecutive evaluations without a regressed signal that resolve a firing alert (recovery).</summary>
    public int RecoveryEvaluations { get; init; } = 3;

    /// <summary>Severity of the alert.</summary>
    public Severity Severity { get; init; } = Severity.Warning;

    /// <summary>The compared signals.</summary>
    public IReadOnlyList<RegressionSignal> Signals { get; init; } = RegressionSignals.Defaults;

    /// <summary>
    /// Optional price hook: cost of one version's tokens in one window (NaN when unknown). When set,
    /// <see cref="RegressionSignals.CostPerRequest"/> is compared; until then tokens per request stand in for cost.
    /// </summary>
    public Func<CostInput, double>? CostOf { get; init; }

    /// <summary>Metrics whose rows must carry window sketches (the distribution signals).</summary>
    public IReadOnlySet<string> SketchMetrics
    {
        get
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            if (Enabled)
            {
                foreach (var s in Signals)
                {
                    if (s.Kind == SignalKind.Distribution)
                    {
                        set.Add(s.Metric);
                    }
                }
            }

            return set;
        }
    }

    /// <summary>Checks the settings; the message names the setting.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        Check(MinVersionShare is > 0 and < 0.5, "minVersionShare", "must be in (0, 0.5)");
        Check(RollbackWindows is >= 1 and <= 1000, "rollbackWindows", "must be 1..1000");
        Check(MinConfidence is >= 0.5 and < 1, "minConfidence", "must be in [0.5, 1)");
        Check(MinEffect is > 0 and <= 100, "minEffect", "must be in (0, 100]");
        Check(MinShareIncrease is > 0 and < 1, "minShareIncrease", "must be in (0, 1)");
        Check(MinCount is >= 2 and <= 100_000_000, "minCount", "must be 2..100000000");
        Check(MinWindows is >= 2 and <= 10_000, "minWindows", "must be 2..10000");
        Check(MinBatchRequests is >= 1 and <= 100_000_000, "minBatchRequests", "must be 1..100000000");
        Check(OverwhelmingConfidence >= MinConfidence && OverwhelmingConfidence < 1, "overwhelmingConfidence", "must be in [minConfidence, 1)");
        Check(OverwhelmingEffect is >= 1 and <= 100, "overwhelmingEffect", "must be in [1, 100]");
        Check(ThrottleShare is >= 0 and <= 1, "throttleShare", "must be in [0, 1]");
        Check(LoadBand is >= 1 and <= 1000, "loadBand", "must be in [1, 1000]");
        Check(HistoryWindows is >= 1 and <= 100_000, "historyWindows", "must be 1..100000");
        Check(CandidateWindows is >= 1 and <= 100_000, "candidateWindows", "must be 1..100000");
        Check(RecoveryEvaluations is >= 1 and <= 100_000, "recoveryEvaluations", "must be 1..100000");
        foreach (var s in Signals)
        {
            Check(!string.IsNullOrEmpty(s.Metric), "signals", "a signal needs a metric name");
            Check(double.IsNaN(s.MinEffect) || s.MinEffect > 0, $"signals.{s.Metric}.minEffect", "must be > 0");
        }
    }

    /// <summary>The smallest effect that counts for <paramref name="signal"/>.</summary>
    /// <param name="signal">The signal.</param>
    /// <returns>Its own minimum, else the default for its kind.</returns>
    public double MinEffectOf(RegressionSignal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        return !double.IsNaN(signal.MinEffect) ? signal.MinEffect
            : signal.Kind == SignalKind.Proportion ? MinShareIncrease : MinEffect;
    }

    private static void Check(bool ok, string setting, string message)
    {
        if (!ok)
        {
            throw new ArgumentException($"{setting}: {message}", setting);
        }
    }
}
