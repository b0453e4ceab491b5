using AiObsStream.Core.Actions;
using Microsoft.Extensions.Options;

namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>Checks <c>actions</c>: keys and kinds, each item's names, URL, durations and limits, unique names.</summary>
internal sealed class ActionsSettingsValidator(ConfigDocument document) : IValidateOptions<ActionsSettings>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, ActionsSettings options)
    {
        var problems = SettingChecks.Shape<List<ActionSettings>>(document, "actions");
        if (problems.Count == 0 && options.Actions is { } actions)
        {
            var defined = EngineOptionsMapping.Actions(actions, problems);
            SettingChecks.Core(problems, () => ActionDefinition.ValidateAll(defined));
        }

        return SettingChecks.Result(problems);
    }
}
