using AiObsStream.Core.Notifications;
using Microsoft.Extensions.Options;

namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>Checks <c>notifications</c>: durations, labels, silences (an end is required), then the notifier's own rules.</summary>
internal sealed class NotificationsSettingsValidator(ConfigDocument document) : IValidateOptions<NotificationsSettings>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, NotificationsSettings options)
    {
        var problems = SettingChecks.Shape<NotificationsSettings>(document, "notifications");
        SettingChecks.Duration(problems, options.KeepFiringFor, "notifications.keepFiringFor");
        SettingChecks.Duration(problems, options.FlapWindow, "notifications.flapWindow");
        SettingChecks.Duration(problems, options.GroupWait, "notifications.groupWait");
        SettingChecks.Duration(problems, options.GroupInterval, "notifications.groupInterval");
        SettingChecks.Duration(problems, options.RepeatInterval, "notifications.repeatInterval");
        SettingChecks.Whole(problems, options.FlapMaxChanges, "notifications.flapMaxChanges", 1, 10_000);
        SettingChecks.Enums<GroupLabel>(problems, options.GroupBy, "notifications.groupBy");

        // Silence times and the required end are checked by the mapping, which names the silence by index.
        SettingChecks.Core(problems, () => EngineOptionsMapping.Notifications(options, new NotifierOptions())?.Validate());
        return SettingChecks.Result(problems);
    }
}
