using AiObsStream.Cli.Configuration;
using AiObsStream.Pipeline.Configuration;

namespace AiObsStream.Cli.Tests.Configuration;

/// <summary>The anomaly floor and confirmation settings (issue #11): parsed per rule, bad values name the setting.</summary>
public class ConfigLoaderAnomalyFloorTests
{
    [Fact]
    public void Parse_FloorsPerRule_OverrideOnlyWhatIsSet()
    {
        var options = EngineConfiguration.Parse("""
            { "anomaly": { "singlePointSpikes": true, "percentileConfidenceZ": 2.33,
                           "rules": { "fb_used_pct": { "minAbsoluteChange": 10 },
                                      "latency_ms": { "minRelativeChange": 0.5 },
                                      "gpu_temp_c": { "statistic": "Max", "direction": "Up" } } } }
            """);
        var a = options.Anomaly;
        Assert.True(a.SinglePointSpikes);
        Assert.Equal(2.33, a.PercentileConfidenceZ);
        var memory = a.Rules.Single(r => r.Metric == "fb_used_pct").Floor;
        Assert.Equal((10, 0.0, "pts"), (memory.Absolute, memory.Relative, memory.Unit));
        var latency = a.Rules.Single(r => r.Metric == "latency_ms").Floor;
        Assert.Equal((200, 0.5), (latency.Absolute, latency.Relative));
        var temperature = a.Rules.Single(r => r.Metric == "gpu_temp_c").Floor; // a new rule gets its metric's default
        Assert.Equal((5, 0.0), (temperature.Absolute, temperature.Relative));
    }

    [Fact]
    public void Parse_Defaults_FloorsOnConfirmationOn()
    {
        var a = EngineConfiguration.Parse("{}").Anomaly;
        Assert.False(a.SinglePointSpikes);
        Assert.Equal(1.645, a.PercentileConfidenceZ);
        Assert.Equal(5, a.Rules.Single(r => r.Metric == "fb_used_pct").Floor.Absolute);
    }

    [Theory]
    [InlineData("""{ "anomaly": { "rules": { "fb_used_pct": { "minAbsoluteChange": -5 } } } }""", "anomaly.rules.fb_used_pct.minAbsoluteChange: -5 must be a finite number >= 0")]
    [InlineData("""{ "anomaly": { "rules": { "fb_used_pct": { "minAbsoluteChange": "5%" } } } }""", "anomaly.rules.fb_used_pct.minAbsoluteChange: expected a number, found string")]
    [InlineData("""{ "anomaly": { "rules": { "power_w": { "minAbsoluteChange": 1e999 } } } }""", "anomaly.rules.power_w.minAbsoluteChange: expected a number")]
    [InlineData("""{ "anomaly": { "rules": { "power_w": { "minRelativeChange": -0.2 } } } }""", "anomaly.rules.power_w.minRelativeChange: -0.2 must be a fraction in [0, 100]")]
    [InlineData("""{ "anomaly": { "rules": { "latency_ms": { "minRelativeChange": 250 } } } }""", "anomaly.rules.latency_ms.minRelativeChange: 250 must be a fraction")]
    [InlineData("""{ "anomaly": { "rules": { "latency_ms": { "minRelativeChange": null } } } }""", "anomaly.rules.latency_ms.minRelativeChange: expected a number, found null")]
    [InlineData("""{ "anomaly": { "rules": { "latency_ms": { "minChange": 1 } } } }""", "anomaly.rules.latency_ms.minChange: unknown setting (known: enabled, statistic, direction, detector, minCount, resolveAfterPoints, sources, minAbsoluteChange, minRelativeChange)")]
    [InlineData("""{ "anomaly": { "singlePointSpikes": "yes" } }""", "anomaly.singlePointSpikes")]
    [InlineData("""{ "anomaly": { "percentileConfidenceZ": -1 } }""", "anomaly.percentileConfidenceZ: -1 is out of range [0, 6]")]
    [InlineData("""{ "anomaly": { "percentileConfidenceZ": 7 } }""", "anomaly.percentileConfidenceZ: 7 is out of range [0, 6]")]
    public void Parse_BadFloorSetting_FailsNamingTheSetting(string json, string expected)
    {
        var ex = Assert.Throws<ConfigException>(() => EngineConfiguration.Parse(json));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
