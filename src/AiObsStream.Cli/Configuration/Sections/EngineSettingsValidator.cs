using Microsoft.Extensions.Options;

namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>Checks the root of the file: known section names, <c>partitions</c>, <c>limits</c>, <c>gpuDeployments</c>.</summary>
internal sealed class EngineSettingsValidator(ConfigDocument document) : IValidateOptions<EngineSettings>
{
    /// <summary>The sections and root settings a file may have, as the unknown-setting message lists them.</summary>
    internal static readonly string[] Known =
        ["eventTime", "output", "rules", "anomaly", "drift", "notifications", "incidents", "regression", "forecast", "quotas", "gpuDeployments",
         "pricing", "costTags", "partitions", "limits", "kafka", "service", "actions",
         "security", "network"];

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, EngineSettings options)
    {
        var problems = new List<string>();
        foreach (var (key, _) in document.Shape.Members)
        {
            if (Array.IndexOf(Known, key) < 0 && key is not ("$schema" or "description"))
            {
                problems.Add($"config: unknown setting '{key}' (known: {string.Join(", ", Known)})");
            }
        }

        SettingsSchema.CheckMembers(document.Shape, typeof(EngineSettings), string.Empty, problems, reportUnknown: false);
        SettingChecks.Whole(problems, options.Partitions, "partitions", 1, 1024);
        SettingChecks.Whole(problems, options.Limits?.MaxActiveSeries, "limits.maxActiveSeries", 1, int.MaxValue);
        return SettingChecks.Result(problems);
    }
}
