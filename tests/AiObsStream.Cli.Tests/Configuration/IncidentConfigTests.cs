using AiObsStream.Cli.Configuration;
using AiObsStream.Core.Notifications;
using AiObsStream.Pipeline.Configuration;

namespace AiObsStream.Cli.Tests.Configuration;

public class IncidentConfigTests
{
    [Fact]
    public void Parse_IncidentsSection_SetsEveryOption()
    {
        var options = EngineConfiguration.Parse("""
            { "incidents": { "enabled": true, "surgeRatio": 2, "throttledRiseRatio": 1.3, "throttleShare": 0.1, "baselineWindows": 20,
              "minBaselineWindows": 5, "rolloutHorizon": "45m", "resolveHold": "10m", "maxOpenIncidents": 50, "maxPendingAlerts": 500 } }
            """).Incidents;
        Assert.Equal((2.0, 1.3, 0.1, 20, 5), (options.SurgeRatio, options.ThrottledRiseRatio, options.ThrottleShare, options.BaselineWindows, options.MinBaselineWindows));
        Assert.Equal((TimeSpan.FromMinutes(45), TimeSpan.FromMinutes(10), 50, 500), (options.RolloutHorizon, options.ResolveHold, options.MaxOpenIncidents, options.MaxPendingAlerts));
        Assert.False(EngineConfiguration.Parse("""{ "incidents": { "enabled": false } }""").Incidents.Enabled);
    }

    [Theory]
    [InlineData("""{ "incidents": { "surgeRatoi": 2 } }""", "incidents.surgeRatoi: unknown setting")]
    [InlineData("""{ "incidents": { "surgeRatio": 1 } }""", "incidents.surgeRatio must be > 1")]
    [InlineData("""{ "incidents": { "throttledRiseRatio": 3 } }""", "incidents.throttledRiseRatio")]
    [InlineData("""{ "incidents": { "throttleShare": 0 } }""", "incidents.throttleShare")]
    [InlineData("""{ "incidents": { "baselineWindows": 64 } }""", "incidents.baselineWindows")]
    [InlineData("""{ "incidents": { "baselineWindows": 4, "minBaselineWindows": 5 } }""", "incidents.minBaselineWindows")]
    [InlineData("""{ "incidents": { "resolveHold": "soon" } }""", "incidents.resolveHold")]
    [InlineData("""{ "incidents": [] }""", "incidents")]
    public void Parse_BadIncidentSetting_FailsNamingTheSetting(string json, string expected)
    {
        var ex = Assert.Throws<ConfigException>(() => EngineConfiguration.Parse(json));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NotificationInhibitLists_Read()
    {
        var options = EngineConfiguration.Parse("""
            { "notifications": { "inhibitSourceRules": ["gpu-xid*"], "inhibitTargetRules": ["latency-p95"], "groupBy": ["Incident", "Deployment"] } }
            """).Notifications!;
        Assert.Equal(["gpu-xid*"], options.InhibitSourceRules);
        Assert.Equal(["latency-p95"], options.InhibitTargetRules);
        Assert.Equal([GroupLabel.Incident, GroupLabel.Deployment], options.GroupBy);
        Assert.Throws<ConfigException>(() => EngineConfiguration.Parse("""{ "notifications": { "inhibitSourceRules": [1] } }"""));
    }
}
