using AiObsStream.Cli.Configuration;
using AiObsStream.Core.Forecasting;
using AiObsStream.Pipeline.Configuration;
using AiObsStream.TestKit;

namespace AiObsStream.Cli.Tests.Configuration;

/// <summary>The <c>forecast</c> section: bound into <see cref="ForecastOptions"/>, bad values stop the start naming the setting.</summary>
public class ForecastConfigTests
{
    [Fact]
    public void Parse_ForecastSection_SetsEveryOption()
    {
        var options = EngineConfiguration.Parse("""
            { "forecast": { "enabled": true, "horizon": "12h", "minHistory": "2d", "maxHistory": "14d", "intervalLevel": 0.8,
              "perGpu": false, "targetUtilization": 70 } }
            """).Forecast;
        Assert.Equal((TimeSpan.FromHours(12), TimeSpan.FromDays(2), TimeSpan.FromDays(14)), (options.Horizon, options.MinHistory, options.MaxHistory));
        Assert.Equal((0.8, false, 70.0), (options.IntervalLevel, options.PerGpu, options.TargetUtilization));
        Assert.False(EngineConfiguration.Parse("""{ "forecast": { "enabled": false } }""").Forecast.Enabled);
    }

    [Fact]
    public void Parse_NoForecastSection_KeepsTheDefaults() =>
        Assert.Equal(new ForecastOptions(), EngineConfiguration.Parse("{}").Forecast);

    [Theory]
    [InlineData("""{ "forecast": { "horizont": "6h" } }""", "forecast.horizont: unknown setting")]
    [InlineData("""{ "forecast": { "horizon": "90m" } }""", "forecast.horizon must be whole hours from 1 to 48")]
    [InlineData("""{ "forecast": { "horizon": "49h" } }""", "forecast.horizon must be whole hours from 1 to 48")]
    [InlineData("""{ "forecast": { "horizon": "soon" } }""", "forecast.horizon: 'soon' is not a duration")]
    [InlineData("""{ "forecast": { "minHistory": "12h" } }""", "forecast.minHistory must be >= 1 day")]
    [InlineData("""{ "forecast": { "minHistory": "3d", "maxHistory": "2d" } }""", "forecast.maxHistory must be from minHistory")]
    [InlineData("""{ "forecast": { "maxHistory": "60d" } }""", "forecast.maxHistory must be from minHistory")]
    [InlineData("""{ "forecast": { "intervalLevel": 1 } }""", "forecast.intervalLevel must be in (0, 1)")]
    [InlineData("""{ "forecast": { "intervalLevel": "wide" } }""", "forecast.intervalLevel: expected a number, found string")]
    [InlineData("""{ "forecast": { "targetUtilization": 0 } }""", "forecast.targetUtilization must be in (0, 100]")]
    [InlineData("""{ "forecast": { "targetUtilization": 120 } }""", "forecast.targetUtilization must be in (0, 100]")]
    [InlineData("""{ "forecast": { "perGpu": "yes" } }""", "forecast.perGpu")]
    [InlineData("""{ "forecast": { "saturationThreshold": 80 } }""", "forecast.saturationThreshold: unknown setting")]
    [InlineData("""{ "forecast": [] }""", "forecast: expected object, found array")]
    public void Parse_BadForecastSetting_FailsNamingTheSetting(string json, string expected)
    {
        var ex = Assert.Throws<ConfigException>(() => EngineConfiguration.Parse(json));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DeployExample_HasTheForecastSection()
    {
        var options = EngineConfiguration.Load(Path.Combine(TestData.RepoRoot, "deploy", "aiobs.config.json")).Forecast;
        Assert.True(options.Enabled);
        Assert.Equal(TimeSpan.FromHours(6), options.Horizon);
        Assert.Equal(75, options.TargetUtilization);
    }
}
