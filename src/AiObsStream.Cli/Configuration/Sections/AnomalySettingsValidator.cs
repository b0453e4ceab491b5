using System.Globalization;
using AiObsStream.Core.Anomaly;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using AiObsStream.Pipeline.Configuration;
using Microsoft.Extensions.Options;

namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>Checks <c>anomaly</c>: resolution ≥ 1s, window 8..255, z in [0, 6], the model file, rule names and floors, then the detector's own rules.</summary>
internal sealed class AnomalySettingsValidator(ConfigDocument document) : IValidateOptions<AnomalySettings>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, AnomalySettings options)
    {
        var problems = SettingChecks.Shape<AnomalySettings>(document, "anomaly");
        SettingChecks.Duration(problems, options.Resolution, "anomaly.resolution");
        if (options.Resolution is { } text && Durations.TryParse(text, out var resolution) && resolution < TimeSpan.FromSeconds(1))
        {
            problems.Add("anomaly.resolution: must be at least 1s");
        }

        SettingChecks.Whole(problems, options.Window, "anomaly.window", 8, 255);
        if (options.PercentileConfidenceZ is { } z && z is not (>= 0 and <= 6))
        {
            problems.Add($"anomaly.percentileConfidenceZ: {z.ToString("R", CultureInfo.InvariantCulture)} is out of range [0, 6] (1.645 = one-sided 95 %, 0 = off)");
        }

        foreach (var (metric, rule) in options.Rules ?? [])
        {
            var setting = "anomaly.rules." + metric;
            SettingChecks.Enum<Statistic>(problems, rule.Statistic, setting + ".statistic");
            SettingChecks.Enum<AnomalyDirection>(problems, rule.Direction, setting + ".direction");
            SettingChecks.Enum<AnomalyDetectorKind>(problems, rule.Detector, setting + ".detector");
            SettingChecks.Enums<TelemetrySource>(problems, rule.Sources, setting + ".sources");
            SettingChecks.Whole(problems, rule.ResolveAfterPoints, setting + ".resolveAfterPoints", 1, 10_000);
        }

        // Mapping loads the model (a bad file names anomaly.model) and checks each rule's floors.
        SettingChecks.Core(problems, () => EngineOptionsMapping.Anomaly(document, options, new AnomalyOptions()).Sr.Validate(), m => "anomaly: " + m);
        return SettingChecks.Result(problems);
    }
}
