using AiObsStream.Cli.Hosting;
using Microsoft.Extensions.Options;

namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>Checks <c>service</c>: known keys and kinds, <c>listen</c> (HOST:PORT or none), <c>readyMaxLag</c>.</summary>
internal sealed class ServiceSettingsValidator(ConfigDocument document) : IValidateOptions<ServiceSettings>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, ServiceSettings options)
    {
        var problems = SettingChecks.Shape<ServiceSettings>(document, "service");
        if (options.Listen is { } listen && !ServiceOptions.IsOff(listen) && !ListenAddress.TryParse(listen, "service.listen", out _, out var error))
        {
            problems.Add(error!);
        }

        SettingChecks.Whole(problems, options.ReadyMaxLag, "service.readyMaxLag", 0, int.MaxValue);
        return SettingChecks.Result(problems);
    }
}
