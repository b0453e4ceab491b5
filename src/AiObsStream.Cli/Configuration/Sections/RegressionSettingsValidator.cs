using AiObsStream.Core.Rules;
using AiObsStream.Core.Versions;
using Microsoft.Extensions.Options;

namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>Checks <c>regression</c>: whole-number bounds, names, then the regression detector's own rules.</summary>
internal sealed class RegressionSettingsValidator(ConfigDocument document) : IValidateOptions<RegressionSettings>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, RegressionSettings options)
    {
        var problems = SettingChecks.Shape<RegressionSettings>(document, "regression");
        SettingChecks.Whole(problems, options.RollbackWindows, "regression.rollbackWindows", 1, 1000);
        SettingChecks.Whole(problems, options.MinCount, "regression.minCount", 2, 100_000_000);
        SettingChecks.Whole(problems, options.MinWindows, "regression.minWindows", 2, 10_000);
        SettingChecks.Whole(problems, options.MinBatchRequests, "regression.minBatchRequests", 1, 100_000_000);
        SettingChecks.Whole(problems, options.HistoryWindows, "regression.historyWindows", 1, 100_000);
        SettingChecks.Whole(problems, options.CandidateWindows, "regression.candidateWindows", 1, 100_000);
        SettingChecks.Whole(problems, options.RecoveryEvaluations, "regression.recoveryEvaluations", 1, 100_000);
        SettingChecks.Enum<Severity>(problems, options.Severity, "regression.severity");
        foreach (var (metric, signal) in options.Signals ?? [])
        {
            SettingChecks.Enum<SignalKind>(problems, signal.Kind, $"regression.signals.{metric}.kind");
        }

        // The Core message names the property ("minConfidence: must be in [0.5, 1) (Parameter ...)"): prefix the section.
        SettingChecks.Core(problems, () => EngineOptionsMapping.Regression(document, options, new RegressionOptions()).Validate(),
            m => "regression." + m.Split(" (Parameter", 2)[0]);
        return SettingChecks.Result(problems);
    }
}
