using AiObsStream.Cli.Configuration.Sections;
using AiObsStream.Core.Anomaly;
using AiObsStream.Core.Detectors.SrCnn;
using AiObsStream.Core.Rules;
using AiObsStream.Pipeline.Configuration;

namespace AiObsStream.Cli.Configuration;

/// <content>The <c>anomaly</c> section.</content>
internal static partial class EngineOptionsMapping
{
    /// <summary>Anomaly settings over <paramref name="current"/>; rules merge by metric in file order.</summary>
    /// <exception cref="ConfigException">The model file cannot be loaded, or a rule's floors are out of range.</exception>
    public static AnomalyOptions Anomaly(ConfigDocument document, AnomalySettings s, AnomalyOptions current)
    {
        current = current with
        {
            Enabled = s.Enabled ?? current.Enabled,
            Resolution = Duration(s.Resolution, "anomaly.resolution") ?? current.Resolution,
            Sr = current.Sr with
            {
                WindowSize = Int(s.Window) ?? current.Sr.WindowSize,
                Threshold = s.Threshold ?? current.Sr.Threshold,
            },
            BandSigmas = s.BandSigmas ?? current.BandSigmas,
            SinglePointSpikes = s.SinglePointSpikes ?? current.SinglePointSpikes,
            PercentileConfidenceZ = s.PercentileConfidenceZ ?? current.PercentileConfidenceZ,
            SrCnnModel = s.Model is { } path ? LoadModel(path) : current.SrCnnModel,
        };
        return s.Rules is null ? current : current with { Rules = AnomalyRules(document.Shape["anomaly"]?["rules"], s.Rules, current.Rules) };
    }

    /// <summary>Loads the SR-CNN weights named by <c>anomaly.model</c>.</summary>
    /// <exception cref="ConfigException">The file cannot be read or is not a model.</exception>
    public static SrCnnModel LoadModel(string path)
    {
        try
        {
            return SrCnnModel.Load(path);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new ConfigException($"anomaly.model: {ex.Message}", ex);
        }
    }

    private static List<AnomalyRuleDefinition> AnomalyRules(ConfigShape? node, Dictionary<string, AnomalyRuleSettings> bound, IReadOnlyList<AnomalyRuleDefinition> defaults)
    {
        var rules = defaults.ToList();
        foreach (var (metric, s) in InFileOrder(node, bound))
        {
            var setting = "anomaly.rules." + metric;
            var index = rules.FindIndex(x => x.Metric == metric);
            var rule = index >= 0 ? rules[index] : new AnomalyRuleDefinition { Metric = metric };
            rule = rule with
            {
                Enabled = s.Enabled ?? rule.Enabled,
                Statistic = s.Statistic is { } statistic ? SettingChecks.ParseEnum<Statistic>(statistic, setting + ".statistic") : rule.Statistic,
                Direction = s.Direction is { } direction ? SettingChecks.ParseEnum<AnomalyDirection>(direction, setting + ".direction") : rule.Direction,
                Detector = s.Detector is { } detector ? SettingChecks.ParseEnum<AnomalyDetectorKind>(detector, setting + ".detector") : rule.Detector,
                MinCount = Long(s.MinCount) ?? rule.MinCount,
                ResolveAfterPoints = Int(s.ResolveAfterPoints) ?? rule.ResolveAfterPoints,
                Sources = s.Sources is { } sources ? Sources(sources, setting + ".sources") : rule.Sources,
                MinAbsoluteChange = s.MinAbsoluteChange ?? rule.MinAbsoluteChange,
                MinRelativeChange = s.MinRelativeChange ?? rule.MinRelativeChange,
            };
            if (rule.FloorProblem() is { } problem)
            {
                throw new ConfigException($"{setting}.{problem}");
            }

            if (index >= 0)
            {
                rules[index] = rule;
            }
            else
            {
                rules.Add(rule);
            }
        }

        return rules;
    }
}
