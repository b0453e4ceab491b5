using AiObsStream.Cli.Configuration.Sections;
using AiObsStream.Core.Drift;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Versions;

namespace AiObsStream.Cli.Configuration;

/// <content>The <c>regression</c> and <c>drift</c> sections.</content>
internal static partial class EngineOptionsMapping
{
    /// <summary>Regression settings over <paramref name="current"/>; signals merge by metric in file order.</summary>
    public static RegressionOptions Regression(ConfigDocument document, RegressionSettings s, RegressionOptions current)
    {
        current = current with
        {
            Enabled = s.Enabled ?? current.Enabled,
            MinVersionShare = s.MinVersionShare ?? current.MinVersionShare,
            RollbackWindows = Int(s.RollbackWindows) ?? current.RollbackWindows,
            MinConfidence = s.MinConfidence ?? current.MinConfidence,
            MinEffect = s.MinEffect ?? current.MinEffect,
            MinShareIncrease = s.MinShareIncrease ?? current.MinShareIncrease,
            MinCount = Int(s.MinCount) ?? current.MinCount,
            MinWindows = Int(s.MinWindows) ?? current.MinWindows,
            MinBatchRequests = Int(s.MinBatchRequests) ?? current.MinBatchRequests,
            OverwhelmingConfidence = s.OverwhelmingConfidence ?? current.OverwhelmingConfidence,
            OverwhelmingEffect = s.OverwhelmingEffect ?? current.OverwhelmingEffect,
            ThrottleShare = s.ThrottleShare ?? current.ThrottleShare,
            LoadBand = s.LoadBand ?? current.LoadBand,
            HistoryWindows = Int(s.HistoryWindows) ?? current.HistoryWindows,
            CandidateWindows = Int(s.CandidateWindows) ?? current.CandidateWindows,
            RecoveryEvaluations = Int(s.RecoveryEvaluations) ?? current.RecoveryEvaluations,
            Severity = s.Severity is { } severity ? SettingChecks.ParseEnum<Severity>(severity, "regression.severity") : current.Severity,
        };
        return s.Signals is null ? current : current with { Signals = Signals(document.Shape["regression"]?["signals"], s.Signals, current.Signals) };
    }

    /// <summary>Drift settings over <paramref name="current"/>.</summary>
    public static QualityDriftOptions Drift(DriftSettings s, QualityDriftOptions current) => current with
    {
        Enabled = s.Enabled ?? current.Enabled,
        RequestMetrics = s.RequestMetrics ?? current.RequestMetrics,
        Evaluations = s.Evaluations ?? current.Evaluations,
        ErrorShare = s.ErrorShare ?? current.ErrorShare,
        RecentWindows = Int(s.RecentWindows) ?? current.RecentWindows,
        BaselineBuckets = Int(s.BaselineBuckets) ?? current.BaselineBuckets,
        BaselineBucketWindows = Int(s.BaselineBucketWindows) ?? current.BaselineBucketWindows,
        MinReferenceCount = Int(s.MinReferenceCount) ?? current.MinReferenceCount,
        MinCurrentCount = Int(s.MinCurrentCount) ?? current.MinCurrentCount,
        Alpha = s.Alpha ?? current.Alpha,
        MinPsi = s.MinPsi ?? current.MinPsi,
        MinNormalizedWasserstein = s.MinNormalizedWasserstein ?? current.MinNormalizedWasserstein,
        MinCohensH = s.MinCohensH ?? current.MinCohensH,
        SustainWindows = Int(s.SustainWindows) ?? current.SustainWindows,
        ClearWindows = Int(s.ClearWindows) ?? current.ClearWindows,
        PsiBuckets = Int(s.PsiBuckets) ?? current.PsiBuckets,
        MaxVersions = Int(s.MaxVersions) ?? current.MaxVersions,
    };

    /// <summary>Signals merge over the defaults by metric name; <c>"enabled": false</c> removes one.</summary>
    private static List<RegressionSignal> Signals(ConfigShape? node, Dictionary<string, RegressionSignalSettings> bound, IReadOnlyList<RegressionSignal> defaults)
    {
        var signals = defaults.ToList();
        foreach (var (metric, s) in InFileOrder(node, bound))
        {
            var setting = "regression.signals." + metric;
            var index = signals.FindIndex(x => x.Metric == metric);
            var signal = index >= 0 ? signals[index] : new RegressionSignal { Metric = metric, Kind = SignalKind.Distribution };
            signal = signal with
            {
                Kind = s.Kind is { } kind ? SettingChecks.ParseEnum<SignalKind>(kind, setting + ".kind") : signal.Kind,
                HigherIsWorse = s.HigherIsWorse ?? signal.HigherIsWorse,
                MinEffect = s.MinEffect ?? signal.MinEffect,
            };
            if (index >= 0)
            {
                signals.RemoveAt(index);
            }

            if (s.Enabled != false)
            {
                signals.Insert(index >= 0 ? index : signals.Count, signal);
            }
        }

        return signals;
    }
}
