using Microsoft.Extensions.Options;

namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>Checks <c>output</c>: the emit policy name.</summary>
internal sealed class OutputSettingsValidator(ConfigDocument document) : IValidateOptions<OutputSettings>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, OutputSettings options)
    {
        var problems = SettingChecks.Shape<OutputSettings>(document, "output");
        if (problems.Count == 0 && options.Metrics is { } emit && EmitPolicies.TryParse(emit) is null)
        {
            problems.Add($"output.metrics: '{emit}' is not an emit policy (use final or updates)");
        }

        return SettingChecks.Result(problems);
    }
}
