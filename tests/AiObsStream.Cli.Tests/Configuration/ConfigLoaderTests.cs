using AiObsStream.Cli.Configuration;
using AiObsStream.Core.Rules;
using AiObsStream.Pipeline.Configuration;
using AiObsStream.Pipeline.Engine;
using AiObsStream.TestKit;

namespace AiObsStream.Cli.Tests.Configuration;

public class ConfigLoaderTests
{
    [Fact]
    public void Load_DeployExample_Parses()
    {
        var options = EngineConfiguration.Load(Path.Combine(TestData.RepoRoot, "deploy", "aiobs.config.json"));
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
        var options = EngineConfiguration.Parse("""{ "rules": { "latency-p95": { "warning": 1500 } } }""");
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
    [InlineData("""{ "anomaly": { "window": 4 } }""", "anomaly.window")]
    [InlineData("""{ "notifications": { "groupWait": "soon" } }""", "notifications.groupWait")]
    [InlineData("""{ "notifications": { "silences": [ { "rule": "latency-p95" } ] } }""", "notifications.silences[0].endsAt: required")]
    [InlineData("""{ "notifications": { "silences": [ { "rule": "x", "endsAt": "tomorrow" } ] } }""", "notifications.silences[0].endsAt: not an ISO-8601 time")]
    [InlineData("""{ "notifications": { "groupBy": [ "Team" ] } }""", "notifications.groupBy")]
    [InlineData("""{ "anomaly": { "rules": { "latency_ms": { "detector": "Prophet" } } } }""", "anomaly.rules.latency_ms.detector")]
    [InlineData("""{ "anomaly": { "model": "/no/such/model.bin" } }""", "anomaly.model")]
    [InlineData("""{ "anomaly": { "resolution": "200ms" } }""", "anomaly.resolution")]
    public void Parse_BadSetting_FailsNamingTheSetting(string json, string expected)
    {
        var ex = Assert.Throws<ConfigException>(() => EngineConfiguration.Parse(json));
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

    [Fact]
    public void Parse_AnomalySection_OverridesRuleAndAddsNewOne()
    {
        var options = EngineConfiguration.Parse("""
            { "anomaly": { "resolution": "5s", "window": 32, "threshold": 0.25,
                           "rules": { "latency_ms": { "detector": "SrCnn", "direction": "Both" }, "queue_ms": { "statistic": "P95" } } } }
            """);
        var a = options.Anomaly;
        Assert.Equal((5.0, 32, 0.25), (a.Resolution.TotalSeconds, a.Sr.WindowSize, a.Sr.Threshold));
        var latency = a.Rules.Single(r => r.Metric == "latency_ms");
        Assert.Equal((AiObsStream.Core.Anomaly.AnomalyDetectorKind.SrCnn, AiObsStream.Core.Anomaly.AnomalyDirection.Both), (latency.Detector, latency.Direction));
        Assert.Contains(a.Rules, r => r.Metric == "queue_ms" && r.Statistic == Statistic.P95);
        Assert.Equal(5, options.DetectionTime.Window.SizeMs / 1000);
    }

    [Fact]
    public void Parse_Notifications_SilencesAndDisable()
    {
        var options = EngineConfiguration.Parse("""{ "notifications": { "keepFiringFor": "0s", "silences": [ { "id": "m", "host": "gpu-*", "endsAt": "2026-12-01T06:00:00Z" } ] } }""");
        var silence = Assert.Single(options.Notifications!.Silences);
        Assert.Equal(("m", "gpu-*", DateTimeOffset.Parse("2026-12-01T06:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds()), (silence.Id, silence.Host, silence.EndsAtMs));
        Assert.Equal(TimeSpan.Zero, options.Notifications.KeepFiringFor);
        Assert.Null(EngineConfiguration.Parse("""{ "notifications": { "enabled": false } }""").Notifications);
    }
}
