using AiObsStream.Cli.Configuration;
using AiObsStream.Cli.Configuration.Sections;
using AiObsStream.Core.Actions;
using AiObsStream.LogAnalytics;
using AiObsStream.Pipeline.Actions;
using AiObsStream.Pipeline.Configuration;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Sinks;

namespace AiObsStream.Cli.Commands;

/// <summary>The <c>actions</c> list of <c>aiobs run</c>: checked against the engine options, and the action sink.</summary>
internal static class ActionsCli
{
    /// <summary>The validated actions (empty when none are configured).</summary>
    /// <exception cref="ConfigException">An action needs a layer that is off (the message names the setting).</exception>
    public static IReadOnlyList<ActionDefinition> Parse(ActionsSettings? settings, EngineOptions options)
    {
        var actions = settings is null ? [] : EngineOptionsMapping.Actions(settings);
        if (actions.Count == 0)
        {
            return actions;
        }

        if (options.Notifications is null)
        {
            throw new ConfigException("actions: need the notification layer (notifications.enabled is false): actions are decided from " +
                "notifications, after silences and inhibition");
        }

        for (var i = 0; i < actions.Count; i++)
        {
            if (actions[i].Cause is not null && !options.Incidents.Enabled)
            {
                throw new ConfigException($"actions[{i}].on.cause: needs the incident layer (incidents.enabled is false)");
            }
        }

        return actions;
    }

    /// <summary>
    /// <paramref name="local"/> plus the action sink when actions are configured (its records also go to
    /// <paramref name="logAnalytics"/>), then Log Analytics; with neither, <paramref name="local"/> itself (outputs unchanged).
    /// </summary>
    public static IOutputSink CreateSink(RunPlan plan, IOutputSink local, LogAnalyticsSink? logAnalytics, bool resume)
    {
        if (plan.Actions.Count > 0)
        {
            var actions = new ActionSink(new ActionOptions
            {
                Actions = plan.Actions,
                LogPath = Path.Combine(plan.OutDir, ActionOptions.FileName),
            }, resume, logAnalytics is null ? null : logAnalytics.WriteActions);
            local = new CompositeOutputSink(local, actions);
        }

        return logAnalytics is null ? local : new CompositeOutputSink(local, logAnalytics);
    }
}
