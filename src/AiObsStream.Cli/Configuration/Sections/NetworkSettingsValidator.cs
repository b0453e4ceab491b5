using AiObsStream.Core.Network;
using Microsoft.Extensions.Options;

namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>Checks <c>network.dependencies</c>: durations, whole numbers, ranges, then the monitor's own rules.</summary>
internal sealed class NetworkSettingsValidator(ConfigDocument document) : IValidateOptions<NetworkSettings>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, NetworkSettings options)
    {
        var problems = SettingChecks.Shape<NetworkSettings>(document, "network");
        if (options.Dependencies is { } d)
        {
            const string P = "network.dependencies.";
            SettingChecks.Duration(problems, d.Window, P + "window");
            SettingChecks.Whole(problems, d.MaxTargets, P + "maxTargets", 1, 100_000);
            SettingChecks.Whole(problems, d.MinBaselineWindows, P + "minBaselineWindows", 1, 10_000);
            SettingChecks.Whole(problems, d.MinCalls, P + "minCalls", 2, 1_000_000_000);
            NumberChecks.Fraction(problems, d.BaselineAlpha, P + "baselineAlpha");
            NumberChecks.Above(problems, d.MinPathMs, P + "minPathMs", 0);
            NumberChecks.Above(problems, d.PathFactor, P + "pathFactor", 1);
            NumberChecks.Fraction(problems, d.PathShare, P + "pathShare");
            NumberChecks.Above(problems, d.MinJitterMs, P + "minJitterMs", 0);
            NumberChecks.Above(problems, d.JitterFactor, P + "jitterFactor", 1);
            SettingChecks.Core(problems, () => EngineOptionsMapping.Dependencies(d, new DependencyMonitorOptions()).Validate());
        }

        return SettingChecks.Result(problems);
    }
}
