using AiObsStream.Cli.Configuration;
using AiObsStream.Pipeline.Configuration;
using AiObsStream.TestKit;

namespace AiObsStream.Cli.Tests.Configuration;

/// <summary>
/// The <c>security.callers</c>, <c>security.access</c> and <c>network.dependencies</c> sections: every setting reaches
/// the monitor's options, every bad value is refused naming its setting, unknown settings are refused.
/// </summary>
public class MonitorConfigTests
{
    [Fact]
    public void Parse_SecurityCallers_SetsEveryOption()
    {
        var o = EngineConfiguration.Parse("""
            { "security": { "callers": { "enabled": true, "window": "2m", "topK": 16, "maxDeployments": 10, "minBaselineWindows": 7,
              "baselineAlpha": 0.3, "slotDecay": 0.9, "minRequests": 20, "surgeFactor": 5, "surgeZ": 3, "newCallerShare": 0.4,
              "responseFactor": 4 } } }
            """).Security;
        Assert.Equal((true, TimeSpan.FromMinutes(2), 16, 10, 7), (o.Enabled, o.Window, o.TopK, o.MaxDeployments, o.MinBaselineWindows));
        Assert.Equal((0.3, 0.9, 20, 5.0, 3.0, 0.4, 4.0), (o.BaselineAlpha, o.SlotDecay, o.MinRequests, o.SurgeFactor, o.SurgeZ, o.NewCallerShare, o.ResponseFactor));
    }

    [Fact]
    public void Parse_SecurityAccess_SetsEveryOption()
    {
        var o = EngineConfiguration.Parse("""
            { "security": { "access": { "enabled": true, "window": "30s", "topK": 8, "maxResources": 12, "maxKnownIdentities": 100,
              "warmUp": "1h", "minBaselineWindows": 4, "baselineAlpha": 0.5, "slotDecay": 0.7, "minAccesses": 15, "rateFactor": 6,
              "rateZ": 5, "profileMinDays": 14, "profileMinAccesses": 200, "offHoursShare": 0.05 } } }
            """).Access;
        Assert.Equal((true, TimeSpan.FromSeconds(30), 8, 12, 100, TimeSpan.FromHours(1)), (o.Enabled, o.Window, o.TopK, o.MaxResources, o.MaxKnownIdentities, o.WarmUp));
        Assert.Equal((4, 0.5, 0.7, 15, 6.0, 5.0), (o.MinBaselineWindows, o.BaselineAlpha, o.SlotDecay, o.MinAccesses, o.RateFactor, o.RateZ));
        Assert.Equal((14, 200, 0.05), (o.ProfileMinDays, o.ProfileMinAccesses, o.OffHoursShare));
    }

    [Fact]
    public void Parse_NetworkDependencies_SetsEveryOption()
    {
        var o = EngineConfiguration.Parse("""
            { "network": { "dependencies": { "enabled": true, "window": "5m", "maxTargets": 64, "minBaselineWindows": 8, "baselineAlpha": 0.1,
              "minCalls": 20, "minPathMs": 250, "pathFactor": 3, "pathShare": 0.6, "minJitterMs": 150, "jitterFactor": 2.5 } } }
            """).Dependencies;
        Assert.Equal((true, TimeSpan.FromMinutes(5), 64, 8, 0.1, 20), (o.Enabled, o.Window, o.MaxTargets, o.MinBaselineWindows, o.BaselineAlpha, o.MinCalls));
        Assert.Equal((250.0, 3.0, 0.6, 150.0, 2.5), (o.MinPathMs, o.PathFactor, o.PathShare, o.MinJitterMs, o.JitterFactor));
    }

    [Fact]
    public void Load_DeployExample_ReadsTheMonitorSections()
    {
        var o = EngineConfiguration.Load(Path.Combine(TestData.RepoRoot, "deploy", "aiobs.config.json"));
        Assert.Equal(TimeSpan.FromMinutes(15), o.Access.WarmUp);
        Assert.Equal(new Core.Security.AccessMonitorOptions() with { WarmUp = TimeSpan.FromMinutes(15) }, o.Access);
        Assert.Equal(new Core.Security.CallerMonitorOptions(), o.Security); // the example spells out the defaults
        Assert.Equal(new Core.Network.DependencyMonitorOptions(), o.Dependencies);
    }

    [Fact]
    public void Parse_NoSections_KeepsTheDocumentedDefaults()
    {
        var o = EngineConfiguration.Parse("{}");
        Assert.Equal(new Core.Security.CallerMonitorOptions(), o.Security);
        Assert.Equal(new Core.Security.AccessMonitorOptions(), o.Access);
        Assert.Equal(new Core.Network.DependencyMonitorOptions(), o.Dependencies);

        // an empty section, or one that sets a single value, keeps every other default
        var one = EngineConfiguration.Parse("""{ "security": { "callers": { "topK": 8 }, "access": {} }, "network": {} }""");
        Assert.Equal(new Core.Security.CallerMonitorOptions() with { TopK = 8 }, one.Security);
        Assert.Equal(new Core.Security.AccessMonitorOptions(), one.Access);
        Assert.Equal(new Core.Network.DependencyMonitorOptions(), one.Dependencies);
    }

    [Theory]
    [InlineData("""{ "security": { "callers": { "enabled": false } } }""", false, true, true)]
    [InlineData("""{ "security": { "access": { "enabled": false } } }""", true, false, true)]
    [InlineData("""{ "network": { "dependencies": { "enabled": false } } }""", true, true, false)]
    public void Parse_EnabledFalse_TurnsThatMonitorOffOnly(string json, bool callers, bool access, bool dependencies)
    {
        var o = EngineConfiguration.Parse(json);
        Assert.Equal((callers, access, dependencies), (o.Security.Enabled, o.Access.Enabled, o.Dependencies.Enabled));
    }

    [Theory]
    [InlineData("callers", "window", "\"soon\"", "security.callers.window: 'soon' is not a duration")]
    [InlineData("callers", "window", "\"500ms\"", "security.callers.window must be at least 1s")]
    [InlineData("callers", "topK", "0", "security.callers.topK: expected a whole number from 1 to 10000")]
    [InlineData("callers", "topK", "2.5", "security.callers.topK: expected a whole number")]
    [InlineData("callers", "maxDeployments", "0", "security.callers.maxDeployments: expected a whole number")]
    [InlineData("callers", "minBaselineWindows", "0", "security.callers.minBaselineWindows: expected a whole number")]
    [InlineData("callers", "minRequests", "0", "security.callers.minRequests: expected a whole number")]
    [InlineData("callers", "baselineAlpha", "0", "security.callers.baselineAlpha: 0 is not in (0, 1]")]
    [InlineData("callers", "slotDecay", "1.5", "security.callers.slotDecay: 1.5 is not in (0, 1]")]
    [InlineData("callers", "surgeFactor", "1", "security.callers.surgeFactor: 1 is not in (1, ∞)")]
    [InlineData("callers", "surgeZ", "-1", "security.callers.surgeZ: -1 is not in (0, ∞)")]
    [InlineData("callers", "newCallerShare", "0", "security.callers.newCallerShare: 0 is not in (0, 1]")]
    [InlineData("callers", "responseFactor", "0.5", "security.callers.responseFactor: 0.5 is not in (1, ∞)")]
    [InlineData("callers", "enabled", "\"yes\"", "security.callers.enabled: expected true or false")]
    [InlineData("callers", "topk", "8", "security.callers.topk: unknown setting")]
    [InlineData("access", "window", "\"0s\"", "security.access.window must be at least 1s")]
    [InlineData("access", "window", "5", "security.access.window: expected a string")]
    [InlineData("access", "topK", "20000", "security.access.topK: expected a whole number from 1 to 10000")]
    [InlineData("access", "maxResources", "0", "security.access.maxResources: expected a whole number")]
    [InlineData("access", "maxKnownIdentities", "0", "security.access.maxKnownIdentities: expected a whole number")]
    [InlineData("access", "warmUp", "\"later\"", "security.access.warmUp: 'later' is not a duration")]
    [InlineData("access", "minBaselineWindows", "-3", "security.access.minBaselineWindows: expected a whole number")]
    [InlineData("access", "baselineAlpha", "2", "security.access.baselineAlpha: 2 is not in (0, 1]")]
    [InlineData("access", "slotDecay", "0", "security.access.slotDecay: 0 is not in (0, 1]")]
    [InlineData("access", "minAccesses", "0", "security.access.minAccesses: expected a whole number")]
    [InlineData("access", "rateFactor", "1", "security.access.rateFactor: 1 is not in (1, ∞)")]
    [InlineData("access", "rateZ", "0", "security.access.rateZ: 0 is not in (0, ∞)")]
    [InlineData("access", "profileMinDays", "0", "security.access.profileMinDays: expected a whole number")]
    [InlineData("access", "profileMinAccesses", "0.5", "security.access.profileMinAccesses: expected a whole number")]
    [InlineData("access", "offHoursShare", "1", "security.access.offHoursShare: 1 is not in (0, 1)")]
    [InlineData("access", "rules", "{}", "security.access.rules: unknown setting")]
    public void Parse_BadSecuritySetting_FailsNamingTheSetting(string monitor, string setting, string value, string expected)
    {
        var ex = Assert.Throws<ConfigException>(() => EngineConfiguration.Parse($$"""{ "security": { "{{monitor}}": { "{{setting}}": {{value}} } } }"""));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("window", "\"1x\"", "network.dependencies.window: '1x' is not a duration")]
    [InlineData("window", "\"100ms\"", "network.dependencies.window must be at least 1s")]
    [InlineData("maxTargets", "0", "network.dependencies.maxTargets: expected a whole number from 1 to 100000")]
    [InlineData("minBaselineWindows", "0", "network.dependencies.minBaselineWindows: expected a whole number")]
    [InlineData("baselineAlpha", "0", "network.dependencies.baselineAlpha: 0 is not in (0, 1]")]
    [InlineData("minCalls", "1", "network.dependencies.minCalls: expected a whole number from 2")]
    [InlineData("minPathMs", "0", "network.dependencies.minPathMs: 0 is not in (0, ∞)")]
    [InlineData("pathFactor", "1", "network.dependencies.pathFactor: 1 is not in (1, ∞)")]
    [InlineData("pathShare", "1.2", "network.dependencies.pathShare: 1.2 is not in (0, 1]")]
    [InlineData("minJitterMs", "-5", "network.dependencies.minJitterMs: -5 is not in (0, ∞)")]
    [InlineData("jitterFactor", "0.9", "network.dependencies.jitterFactor: 0.9 is not in (1, ∞)")]
    [InlineData("enabled", "0", "network.dependencies.enabled: expected true or false")]
    [InlineData("minPathMS", "100", "network.dependencies.minPathMS: unknown setting")]
    public void Parse_BadDependencySetting_FailsNamingTheSetting(string setting, string value, string expected)
    {
        var ex = Assert.Throws<ConfigException>(() => EngineConfiguration.Parse($$"""{ "network": { "dependencies": { "{{setting}}": {{value}} } } }"""));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "security": [] }""", "security: expected object")]
    [InlineData("""{ "security": { "callerz": {} } }""", "security.callerz: unknown setting (known: callers, access)")]
    [InlineData("""{ "network": { "nvlink": {} } }""", "network.nvlink: unknown setting (known: dependencies)")]
    [InlineData("""{ "network": { "dependencies": 5 } }""", "network.dependencies: expected object")]
    public void Parse_BadSectionShape_FailsNamingIt(string json, string expected)
    {
        var ex = Assert.Throws<ConfigException>(() => EngineConfiguration.Parse(json));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralBadSettings_ReportsThemAllAtOnce()
    {
        var ex = Assert.Throws<ConfigException>(() => EngineConfiguration.Parse("""
            { "security": { "callers": { "topK": 0, "surgeFactor": 1 }, "access": { "rateZ": 0 } },
              "network": { "dependencies": { "pathShare": 0 } } }
            """));
        Assert.Contains("security.callers.topK", ex.Message, StringComparison.Ordinal);
        Assert.Contains("security.callers.surgeFactor", ex.Message, StringComparison.Ordinal);
        Assert.Contains("security.access.rateZ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("network.dependencies.pathShare", ex.Message, StringComparison.Ordinal);
    }
}
