using AiObsStream.Core.Incidents;
using Microsoft.Extensions.Options;

namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>Checks <c>incidents</c>: durations, whole-number bounds, then the incident layer's own rules.</summary>
internal sealed class IncidentsSettingsValidator(ConfigDocument document) : IValidateOptions<IncidentsSettings>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, IncidentsSettings options)
    {
        var problems = SettingChecks.Shape<IncidentsSettings>(document, "incidents");
        SettingChecks.Whole(problems, options.BaselineWindows, "incidents.baselineWindows", 1, 32);
        SettingChecks.Whole(problems, options.MinBaselineWindows, "incidents.minBaselineWindows", 1, 32);
        SettingChecks.Whole(problems, options.MaxOpenIncidents, "incidents.maxOpenIncidents", 1, 1_000_000);
        SettingChecks.Whole(problems, options.MaxPendingAlerts, "incidents.maxPendingAlerts", 1, 10_000_000);
        SettingChecks.Duration(problems, options.RolloutHorizon, "incidents.rolloutHorizon");
        SettingChecks.Duration(problems, options.ResolveHold, "incidents.resolveHold");
        SettingChecks.Core(problems, () => EngineOptionsMapping.Incidents(options, new IncidentOptions()).Validate());
        return SettingChecks.Result(problems);
    }
}
