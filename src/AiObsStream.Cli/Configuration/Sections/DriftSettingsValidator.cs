using AiObsStream.Core.Drift;
using Microsoft.Extensions.Options;

namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>Checks <c>drift</c>: whole-number bounds, non-empty metric names, then the drift detector's own rules.</summary>
internal sealed class DriftSettingsValidator(ConfigDocument document) : IValidateOptions<DriftSettings>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, DriftSettings options)
    {
        var problems = SettingChecks.Shape<DriftSettings>(document, "drift");
        SettingChecks.Whole(problems, options.RecentWindows, "drift.recentWindows", 1, 120);
        SettingChecks.Whole(problems, options.BaselineBuckets, "drift.baselineBuckets", 1, 48);
        SettingChecks.Whole(problems, options.BaselineBucketWindows, "drift.baselineBucketWindows", 1, 1440);
        SettingChecks.Whole(problems, options.MinReferenceCount, "drift.minReferenceCount", 1, int.MaxValue);
        SettingChecks.Whole(problems, options.MinCurrentCount, "drift.minCurrentCount", 1, int.MaxValue);
        SettingChecks.Whole(problems, options.SustainWindows, "drift.sustainWindows", 1, 100);
        SettingChecks.Whole(problems, options.ClearWindows, "drift.clearWindows", 1, 100);
        SettingChecks.Whole(problems, options.PsiBuckets, "drift.psiBuckets", 2, 100);
        SettingChecks.Whole(problems, options.MaxVersions, "drift.maxVersions", 2, 32);
        var metrics = options.RequestMetrics ?? [];
        for (var i = 0; i < metrics.Count; i++)
        {
            if (metrics[i].Length == 0)
            {
                problems.Add($"drift.requestMetrics[{i}]: must not be empty");
            }
        }

        SettingChecks.Core(problems, () => EngineOptionsMapping.Drift(options, new QualityDriftOptions()).Validate());
        return SettingChecks.Result(problems);
    }
}
