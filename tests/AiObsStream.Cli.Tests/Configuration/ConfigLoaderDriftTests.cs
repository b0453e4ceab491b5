using AiObsStream.Cli.Configuration;
using AiObsStream.Pipeline.Configuration;

namespace AiObsStream.Cli.Tests.Configuration;

public class ConfigLoaderDriftTests
{
    [Fact]
    public void Parse_DriftSection_SetsEveryValue()
    {
        var options = EngineConfiguration.Parse("""
            { "drift": { "enabled": false, "requestMetrics": ["tokens_completion", "latency_ms"], "evaluations": false,
              "errorShare": false, "recentWindows": 7, "baselineBuckets": 3, "baselineBucketWindows": 20,
              "minReferenceCount": 500, "minCurrentCount": 150, "alpha": 0.005, "minPsi": 0.25,
              "minNormalizedWasserstein": 0.3, "minCohensH": 0.3, "sustainWindows": 3, "clearWindows": 4,
              "psiBuckets": 20, "maxVersions": 3 } }
            """);
        var d = options.Drift;
        Assert.False(d.Enabled);
        Assert.Equal(["tokens_completion", "latency_ms"], d.RequestMetrics);
        Assert.False(d.Evaluations);
        Assert.False(d.ErrorShare);
        Assert.Equal((7, 3, 20), (d.RecentWindows, d.BaselineBuckets, d.BaselineBucketWindows));
        Assert.Equal((500L, 150L), (d.MinReferenceCount, d.MinCurrentCount));
        Assert.Equal((0.005, 0.25, 0.3, 0.3), (d.Alpha, d.MinPsi, d.MinNormalizedWasserstein, d.MinCohensH));
        Assert.Equal((3, 4, 20, 3), (d.SustainWindows, d.ClearWindows, d.PsiBuckets, d.MaxVersions));
    }

    [Fact]
    public void Parse_NoDriftSection_DefaultsEnabled()
    {
        var d = EngineConfiguration.Parse("{}").Drift;
        Assert.True(d.Enabled);
        Assert.Equal(0.2, d.MinPsi);
    }

    [Theory]
    [InlineData("""{ "drift": { "bogus": 1 } }""", "drift.bogus: unknown setting")]
    [InlineData("""{ "drift": { "alpha": 1.5 } }""", "drift.alpha")]
    [InlineData("""{ "drift": { "recentWindows": 0 } }""", "drift.recentWindows")]
    [InlineData("""{ "drift": { "requestMetrics": ["x", ""] } }""", "drift.requestMetrics[1]")]
    [InlineData("""{ "drift": { "enabled": "yes" } }""", "drift.enabled")]
    [InlineData("""{ "drift": [] }""", "drift: expected object")]
    public void Parse_BadDriftSetting_ErrorNamesSetting(string json, string expected)
    {
        var ex = Assert.Throws<ConfigException>(() => EngineConfiguration.Parse(json));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
