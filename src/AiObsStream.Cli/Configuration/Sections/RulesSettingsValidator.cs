using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using Microsoft.Extensions.Options;

namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>Checks <c>rules</c> and <c>quotas</c>: names, durations, then the rule set's own rules (thresholds in order, quotas).</summary>
internal sealed class RulesSettingsValidator(ConfigDocument document) : IValidateOptions<RulesSettings>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, RulesSettings options)
    {
        var problems = SettingChecks.Shape<Dictionary<string, RuleSettings>>(document, "rules");
        problems.AddRange(SettingChecks.Shape<Dictionary<string, QuotaSettings>>(document, "quotas"));
        foreach (var (rule, s) in options.Rules ?? [])
        {
            var setting = "rules." + rule;
            SettingChecks.Enum<Statistic>(problems, s.Statistic, setting + ".statistic");
            SettingChecks.Enum<Comparison>(problems, s.Comparison, setting + ".comparison");
            SettingChecks.Enum<ThresholdScale>(problems, s.Scale, setting + ".scale");
            SettingChecks.Enums<TelemetrySource>(problems, s.Sources, setting + ".sources");
            SettingChecks.Duration(problems, s.Sustain, setting + ".sustain");
            SettingChecks.Duration(problems, s.NoDataResolveAfter, setting + ".noDataResolveAfter");
        }

        SettingChecks.Core(problems, () => EngineOptionsMapping.Rules(document, options, DefaultRules.Set).Validate());
        return SettingChecks.Result(problems);
    }
}
