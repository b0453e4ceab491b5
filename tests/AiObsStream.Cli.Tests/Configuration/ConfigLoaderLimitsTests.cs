using AiObsStream.Pipeline.Configuration;
using AiObsStream.Cli.Configuration;

namespace AiObsStream.Cli.Tests.Configuration;

public class ConfigLoaderLimitsTests
{
    [Fact]
    public void Parse_NoLimits_DefaultBudgetOfOneMillion() =>
        Assert.Equal(1_000_000, EngineConfiguration.Parse("{}").MaxActiveSeries);

    [Fact]
    public void Parse_MaxActiveSeries_Read() =>
        Assert.Equal(5_000, EngineConfiguration.Parse("""{ "limits": { "maxActiveSeries": 5000 } }""").MaxActiveSeries);

    [Theory]
    [InlineData("""{ "limits": { "maxActiveSeries": 0 } }""", "limits.maxActiveSeries")]
    [InlineData("""{ "limits": { "maxActiveSeries": -3 } }""", "limits.maxActiveSeries")]
    [InlineData("""{ "limits": { "maxActiveSeries": 1.5 } }""", "limits.maxActiveSeries")]
    [InlineData("""{ "limits": { "maxActiveSeries": "many" } }""", "limits.maxActiveSeries")]
    [InlineData("""{ "limits": { "maxSeries": 10 } }""", "limits.maxSeries")]
    [InlineData("""{ "limits": 10 }""", "limits")]
    public void Parse_InvalidLimits_ErrorNamesTheSetting(string json, string setting)
    {
        var ex = Assert.Throws<ConfigException>(() => EngineConfiguration.Parse(json));
        Assert.Contains(setting, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Limits_OtherSettingsKeepTheirDefaults()
    {
        var options = EngineConfiguration.Parse("""{ "limits": { "maxActiveSeries": 7 } }""");
        Assert.Equal(Environment.ProcessorCount, options.Partitions);
        Assert.Equal(7, options.MaxActiveSeries);
    }
}
