using Microsoft.Extensions.Options;

namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>Checks <c>costTags</c>: known keys and kinds.</summary>
internal sealed class CostTagsSettingsValidator(ConfigDocument document) : IValidateOptions<CostTagsSettings>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, CostTagsSettings options)
    {
        var problems = SettingChecks.Shape<CostTagsSettings>(document, "costTags");

        return SettingChecks.Result(problems);
    }
}
