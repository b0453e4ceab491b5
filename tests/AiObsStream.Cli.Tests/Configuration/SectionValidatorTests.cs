using AiObsStream.Cli.Configuration;
using AiObsStream.Core.Rules;
using AiObsStream.Pipeline.Configuration;

namespace AiObsStream.Cli.Tests.Configuration;

/// <summary>Each section's validator (ValidateOnStart): a bad value fails the start with a message naming the setting.</summary>
public class SectionValidatorTests
{
    [Theory]
    [InlineData("""{ "partitions": 0 }""", "partitions: expected a whole number from 1 to 1024")]
    [InlineData("""{ "partitions": 2.5 }""", "partitions: expected a whole number from 1 to 1024")]
    [InlineData("""{ "limits": { "maxActiveSeries": 0 } }""", "limits.maxActiveSeries: expected a whole number from 1 to 2147483647")]
    [InlineData("""{ "limits": { "maxSeries": 5 } }""", "limits.maxSeries: unknown setting (known: maxActiveSeries)")]
    [InlineData("""{ "gpuDeployments": { "aks-gpu-7": 7 } }""", "gpuDeployments.aks-gpu-7: expected a string")]
    [InlineData("""{ "Rules": {} }""", "config: unknown setting 'Rules'")]
    [InlineData("""{ "eventTime": { "maxAhead": "0s" } }""", "eventTime.maxAhead: must be > 0")]
    [InlineData("""{ "eventTime": { "confirmAhead": 0 } }""", "eventTime.confirmAhead: expected an integer 1..1024")]
    [InlineData("""{ "eventTime": { "Window": "1m" } }""", "eventTime.Window: unknown setting (known: window, hop, allowedDisorder, allowedLateness, maxAhead, confirmAhead)")]
    [InlineData("""{ "output": { "metrics": 1 } }""", "output.metrics: expected a string")]
    [InlineData("""{ "rules": { "latency-p95": { "comparison": "Sideways" } } }""", "rules.latency-p95.comparison: 'Sideways' is not one of")]
    [InlineData("""{ "rules": { "latency-p95": { "sources": ["Fax"] } } }""", "rules.latency-p95.sources: 'Fax' is not one of")]
    [InlineData("""{ "rules": { "latency-p95": { "overrides": { "chat": { "warning": "high" } } } } }""", "rules.latency-p95.overrides.chat.warning: expected a number, found string")]
    [InlineData("""{ "quotas": { "chat": { "tpm": "many" } } }""", "quotas.chat.tpm: expected a number, found string")]
    [InlineData("""{ "anomaly": { "rules": { "latency_ms": { "resolveAfterPoints": 0 } } } }""", "anomaly.rules.latency_ms.resolveAfterPoints: expected a whole number from 1 to 10000")]
    [InlineData("""{ "notifications": { "flapMaxChanges": 0 } }""", "notifications.flapMaxChanges: expected a whole number from 1 to 10000")]
    [InlineData("""{ "notifications": { "silences": [ {} ] } }""", "notifications.silences[0].endsAt: required")]
    [InlineData("""{ "notifications": { "inhibitTargetRules": ["a", 2] } }""", "notifications.inhibitTargetRules[1]: expected a string")]
    [InlineData("""{ "incidents": { "maxOpenIncidents": 0 } }""", "incidents.maxOpenIncidents: expected a whole number from 1 to 1000000")]
    [InlineData("""{ "regression": { "minWindows": 1 } }""", "regression.minWindows: expected a whole number from 2 to 10000")]
    [InlineData("""{ "drift": { "psiBuckets": 1 } }""", "drift.psiBuckets: expected a whole number from 2 to 100")]
    [InlineData("""{ "pricing": { "tokens": [ { "model": "m", "deploymentType": "S", "inputPer1M": 1 } ] } }""", "pricing.tokens[0].outputPer1M: required")]
    [InlineData("""{ "pricing": { "spend": { "forecastWeeks": 13 } } }""", "pricing.spend.forecastWeeks: expected a whole number from 1 to 12")]
    [InlineData("""{ "costTags": { "resources": { "/r": { "team": 1 } } } }""", "costTags.resources./r.team: expected a string")]
    [InlineData("""{ "kafka": { "topics": "diag" } }""", "kafka.topics: expected array, found string")]
    [InlineData("""{ "kafka": { "checkpointInterval": "often" } }""", "kafka.checkpointInterval: 'often' is not a duration")]
    [InlineData("""{ "kafka": { "broker": "b:9092" } }""", "kafka.broker: unknown setting (known: bootstrap, eventHubsNamespace, topics, group, alertsTopic, publishRawAlerts, metricsTopic, state, stopWhenIdle, checkpointInterval, scaleOut, sessionTimeout)")]
    [InlineData("""[]""", "config: expected object, found array")]
    [InlineData("""{ "gpuDeployments": { "node-1:9400": "chat" } }""", "gpuDeployments.node-1:9400: a name must not contain ':'")]
    public void Parse_BadValue_FailsNamingTheSetting(string json, string expected)
    {
        var ex = Assert.Throws<ConfigException>(() => EngineConfiguration.Parse(json));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ProblemsInSeveralSections_AllReportedAtOnce()
    {
        var ex = Assert.Throws<ConfigException>(() => EngineConfiguration.Parse("""{ "drift": [], "anomaly": { "window": 4 }, "partitions": 0 }"""));

        Assert.Contains("drift: expected object, found array", ex.Message, StringComparison.Ordinal);
        Assert.Contains("anomaly.window", ex.Message, StringComparison.Ordinal);
        Assert.Contains("partitions", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MaxActiveSeries_MapsToEngineOptions()
    {
        Assert.Equal(250_000, EngineConfiguration.Parse("""{ "limits": { "maxActiveSeries": 250000 } }""").MaxActiveSeries);
        Assert.Equal(1_000_000, EngineConfiguration.Parse("{}").MaxActiveSeries);
    }

    [Fact]
    public void Parse_NewRules_KeepFileOrderAfterTheBuiltIns()
    {
        // IConfiguration sorts keys; the documented merge keeps the file's order (alerts are evaluated in rule order).
        var rules = EngineConfiguration.Parse("""
            { "rules": { "zeta": { "metric": "queue_ms", "warning": 1 }, "alpha": { "metric": "queue_ms", "warning": 2 } } }
            """).Rules.Rules;

        Assert.Equal(["zeta", "alpha"], rules.Skip(DefaultRules.All.Count).Select(r => r.Name));
    }

    [Fact]
    public void Parse_NullThreshold_ClearsItAbsentKeepsIt()
    {
        var rules = EngineConfiguration.Parse("""{ "rules": { "gpu-memory": { "warning": null } } }""").Rules.Rules;
        var memory = rules.Single(r => r.Name == "gpu-memory");
        var builtIn = DefaultRules.All.Single(r => r.Name == "gpu-memory");

        Assert.Null(memory.Warning);
        Assert.Equal(builtIn.Critical, memory.Critical);
    }

    [Fact]
    public void Parse_EmptyArray_ReplacesTheDefaultList()
    {
        var options = EngineConfiguration.Parse("""{ "drift": { "requestMetrics": [] }, "notifications": { "groupBy": [] } }""");

        Assert.Empty(options.Drift.RequestMetrics);
        Assert.Empty(options.Notifications!.GroupBy);
    }

    [Fact]
    public void Parse_KeysAreCaseSensitive_AsDocumented()
    {
        var ex = Assert.Throws<ConfigException>(() => EngineConfiguration.Parse("""{ "drift": { "Enabled": false } }"""));
        Assert.Contains("drift.Enabled: unknown setting", ex.Message, StringComparison.Ordinal);
    }
}
