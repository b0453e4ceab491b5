using AiObsStream.Core.Forecasting;
using Microsoft.Extensions.Options;

namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>Checks <c>forecast</c>: durations, then the forecast options' own rules (each message names the setting).</summary>
internal sealed class ForecastSettingsValidator(ConfigDocument document) : IValidateOptions<ForecastSettings>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, ForecastSettings options)
    {
        var problems = SettingChecks.Shape<ForecastSettings>(document, "forecast");
        SettingChecks.Duration(problems, options.Horizon, "forecast.horizon");
        SettingChecks.Duration(problems, options.MinHistory, "forecast.minHistory");
        SettingChecks.Duration(problems, options.MaxHistory, "forecast.maxHistory");
        SettingChecks.Core(problems, () => EngineOptionsMapping.Forecast(options, new ForecastOptions()).Validate());
        return SettingChecks.Result(problems);
    }
}
