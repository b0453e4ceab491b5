using AiObsStream.Core.Security;
using Microsoft.Extensions.Options;

namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>Checks <c>security.callers</c> and <c>security.access</c>: durations, whole numbers, ranges, then each monitor's own rules.</summary>
internal sealed class SecuritySettingsValidator(ConfigDocument document) : IValidateOptions<SecuritySettings>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, SecuritySettings options)
    {
        var problems = SettingChecks.Shape<SecuritySettings>(document, "security");
        problems.AddRange(Callers(options.Callers));
        problems.AddRange(Access(options.Access));
        return SettingChecks.Result(problems);
    }

    private static List<string> Callers(CallerSettings? c)
    {
        var problems = new List<string>();
        if (c is not null)
        {
            const string P = "security.callers.";
            SettingChecks.Duration(problems, c.Window, P + "window");
            SettingChecks.Whole(problems, c.TopK, P + "topK", 1, 10_000);
            SettingChecks.Whole(problems, c.MaxDeployments, P + "maxDeployments", 1, 1_000_000);
            SettingChecks.Whole(problems, c.MinBaselineWindows, P + "minBaselineWindows", 1, 10_000);
            SettingChecks.Whole(problems, c.MinRequests, P + "minRequests", 1, 1_000_000_000);
            NumberChecks.Fraction(problems, c.BaselineAlpha, P + "baselineAlpha");
            NumberChecks.Fraction(problems, c.SlotDecay, P + "slotDecay");
            NumberChecks.Above(problems, c.SurgeFactor, P + "surgeFactor", 1);
            NumberChecks.Above(problems, c.SurgeZ, P + "surgeZ", 0);
            NumberChecks.Fraction(problems, c.NewCallerShare, P + "newCallerShare");
            NumberChecks.Above(problems, c.ResponseFactor, P + "responseFactor", 1);
            SettingChecks.Core(problems, () => EngineOptionsMapping.Callers(c, new CallerMonitorOptions()).Validate());
        }

        return problems;
    }

    private static List<string> Access(AccessSettings? a)
    {
        var problems = new List<string>();
        if (a is not null)
        {
            const string P = "security.access.";
            SettingChecks.Duration(problems, a.Window, P + "window");
            SettingChecks.Duration(problems, a.WarmUp, P + "warmUp");
            SettingChecks.Whole(problems, a.TopK, P + "topK", 1, 10_000);
            SettingChecks.Whole(problems, a.MaxResources, P + "maxResources", 1, 1_000_000);
            SettingChecks.Whole(problems, a.MaxKnownIdentities, P + "maxKnownIdentities", 1, 10_000_000);
            SettingChecks.Whole(problems, a.MinBaselineWindows, P + "minBaselineWindows", 1, 10_000);
            SettingChecks.Whole(problems, a.MinAccesses, P + "minAccesses", 1, 1_000_000_000);
            SettingChecks.Whole(problems, a.ProfileMinDays, P + "profileMinDays", 1, 3650);
            SettingChecks.Whole(problems, a.ProfileMinAccesses, P + "profileMinAccesses", 1, 1_000_000_000);
            NumberChecks.Fraction(problems, a.BaselineAlpha, P + "baselineAlpha");
            NumberChecks.Fraction(problems, a.SlotDecay, P + "slotDecay");
            NumberChecks.Above(problems, a.RateFactor, P + "rateFactor", 1);
            NumberChecks.Above(problems, a.RateZ, P + "rateZ", 0);
            NumberChecks.Interval(problems, a.OffHoursShare, P + "offHoursShare", 0, 1, lowOpen: true, highOpen: true);
            SettingChecks.Core(problems, () => EngineOptionsMapping.Access(a, new AccessMonitorOptions()).Validate());
        }

        return problems;
    }
}
