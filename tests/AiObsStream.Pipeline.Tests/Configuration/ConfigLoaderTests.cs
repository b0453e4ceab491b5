using AiObsStream.Core.Rules;
using AiObsStream.Pipeline.Configuration;
using AiObsStream.Pipeline.Engine;
using AiObsStream.TestKit;

namespace AiObsStream.Pipeline.Tests.Configuration;

public class ConfigLoaderTests
{
    [Fact]
    public void Load_DeployExample_Parses()
    {
        var options = ConfigLoader.Load(Path.Combine(TestData.RepoRoot, "deploy", "aiobs.config.json"));
        Assert.Equal(MetricsEmitPolicy.Final, options.MetricsEmit);
        Assert.Equal(450_000, options.Rules.TpmQuotas["chat-prod"]);
        var under = options.Rules.Rules.Single(r => r.Name == "gpu-underutilized");
        Assert.False(under.Overrides!["chat-realtime"].Enabled);
        Assert.Contains(options.Rules.Rules, r => r.Name == "queue-p95" && r.Statistic == Statistic.P95);
        Assert.Equal("chat-batch", options.Input.GpuDeployments["aks-gpu-7"]);
    }

    [Fact]
    public void Parse_OverrideKeepsOtherDefaults()
    {
        var options = ConfigLoader.Parse("""{ "rules": { "latency-p95": { "warning": 1500 } } }""");
        var rule = options.Rules.Rules.Single(r => r.Name == "latency-p95");
        Assert.Equal(1500, rule.Warning);
        Assert.Equal(Statistic.P95, rule.Statistic);
        Assert.Equal(DefaultRules.All.Count, options.Rules.Rules.Count);
    }

    [Theory]
    [InlineData("""{ "rulez": {} }""", "unknown setting 'rulez'")]
    [InlineData("""{ "rules": { "no-such-rule": { "warning": 1 } } }""", "rules.no-such-rule: unknown rule")]
    [InlineData("""{ "rules": { "latency-p95": { "sustain": "ten minutes" } } }""", "rules.latency-p95.sustain")]
    [InlineData("""{ "rules": { "latency-p95": { "statistic": "P97" } } }""", "rules.latency-p95.statistic")]
    [InlineData("""{ "rules": { "gpu-memory": { "critical": 50 } } }""", "rules.gpu-memory: critical (50) must be beyond warning (85)")]
    [InlineData("""{ "eventTime": { "window": "5m", "hop": "2m" } }""", "eventTime.window/hop")]
    [InlineData("""{ "quotas": { "chat": { "tpm": -1 } } }""", "quotas.chat.tpm")]
    [InlineData("""{ "output": { "metrics": "sometimes" } }""", "output.metrics")]
    [InlineData("""{ "eventTime": """, "not valid JSON")]
    public void Parse_BadSetting_FailsNamingTheSetting(string json, string expected)
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(json));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("250ms", 250)]
    [InlineData("10s", 10_000)]
    [InlineData("5m", 300_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("00:01:00", 60_000)]
    public void Durations_Parse_Units(string text, double ms) =>
        Assert.Equal(ms, Durations.Parse(text, "x").TotalMilliseconds);
}
