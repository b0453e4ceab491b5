using AiObsStream.Cli.Configuration.Sections;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using AiObsStream.Pipeline.Configuration;

namespace AiObsStream.Cli.Configuration;

/// <content>The <c>rules</c> and <c>quotas</c> sections.</content>
internal static partial class EngineOptionsMapping
{
    /// <summary>Rules merged over <paramref name="current"/> by name in file order (new ones appended), and the quotas.</summary>
    /// <exception cref="ConfigException">A new rule has no metric.</exception>
    public static RuleSet Rules(ConfigDocument document, RulesSettings s, RuleSet current)
    {
        var rules = current.Rules.ToList();
        var rulesNode = document.Shape["rules"];
        foreach (var (name, node) in rulesNode?.Members ?? [])
        {
            var settings = s.Rules?.GetValueOrDefault(name) ?? new RuleSettings();
            var index = rules.FindIndex(x => x.Name == name);
            if (index < 0 && settings.Metric is null)
            {
                throw new ConfigException($"rules.{name}: unknown rule (built-in rules: {string.Join(", ", DefaultRules.All.Select(x => x.Name))}); a new rule needs a 'metric'");
            }

            var rule = Rule(settings, node, "rules." + name, index < 0 ? new RuleDefinition { Name = name, Metric = string.Empty } : rules[index]);
            if (index < 0)
            {
                rules.Add(rule);
            }
            else
            {
                rules[index] = rule;
            }
        }

        var quotas = new Dictionary<string, double>(current.TpmQuotas, StringComparer.Ordinal);
        foreach (var (deployment, _) in document.Shape["quotas"]?.Members ?? [])
        {
            if (s.Quotas?.GetValueOrDefault(deployment)?.Tpm is { } tpm)
            {
                quotas[deployment] = tpm;
            }
        }

        return new RuleSet { Rules = rules, TpmQuotas = quotas };
    }

    private static RuleDefinition Rule(RuleSettings s, ConfigShape node, string setting, RuleDefinition rule) => rule with
    {
        Enabled = s.Enabled ?? rule.Enabled,
        Metric = s.Metric ?? rule.Metric,
        Statistic = s.Statistic is { } statistic ? SettingChecks.ParseEnum<Statistic>(statistic, setting + ".statistic") : rule.Statistic,
        Comparison = s.Comparison is { } comparison ? SettingChecks.ParseEnum<Comparison>(comparison, setting + ".comparison") : rule.Comparison,

        // Present in the file (a number or null) replaces the threshold; absent keeps it.
        Warning = node["warning"] is null ? rule.Warning : s.Warning,
        Critical = node["critical"] is null ? rule.Critical : s.Critical,
        ResolveThreshold = node["resolveThreshold"] is null ? rule.ResolveThreshold : s.ResolveThreshold,
        Sustain = Duration(s.Sustain, setting + ".sustain") ?? rule.Sustain,
        NoDataResolveAfter = Duration(s.NoDataResolveAfter, setting + ".noDataResolveAfter") ?? rule.NoDataResolveAfter,
        MinCount = Long(s.MinCount) ?? rule.MinCount,
        Scale = s.Scale is { } scale ? SettingChecks.ParseEnum<ThresholdScale>(scale, setting + ".scale") : rule.Scale,
        Unit = s.Unit ?? rule.Unit,
        Sources = s.Sources is { } sources ? Sources(sources, setting + ".sources") : rule.Sources,
        Overrides = s.Overrides is { } overrides ? Overrides(node["overrides"], overrides) : rule.Overrides,
    };

    private static Dictionary<string, RuleOverride> Overrides(ConfigShape? node, Dictionary<string, RuleOverrideSettings> bound)
    {
        var map = new Dictionary<string, RuleOverride>(StringComparer.Ordinal);
        foreach (var (deployment, o) in InFileOrder(node, bound))
        {
            map[deployment] = new RuleOverride { Enabled = o.Enabled, Warning = o.Warning, Critical = o.Critical };
        }

        return map;
    }

    private static List<TelemetrySource> Sources(List<string> names, string setting) =>
        names.ConvertAll(n => SettingChecks.ParseEnum<TelemetrySource>(n, setting));
}
