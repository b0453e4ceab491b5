using AiObsStream.Cli.Configuration;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Versions;
using AiObsStream.Pipeline.Configuration;

namespace AiObsStream.Cli.Tests.Configuration;

public class RegressionConfigTests
{
    [Fact]
    public void Parse_RegressionSection_OverridesSettingsAndMergesSignals()
    {
        var options = EngineConfiguration.Parse("""
            { "regression": { "minConfidence": 0.995, "loadBand": 1.5, "severity": "Critical",
              "signals": { "tokens_total": { "enabled": false }, "latency_ms": { "minEffect": 0.3 },
                           "helpfulness": { "higherIsWorse": false } } } }
            """).Regression;

        Assert.Equal(0.995, options.MinConfidence);
        Assert.Equal(1.5, options.LoadBand);
        Assert.Equal(Severity.Critical, options.Severity);
        Assert.DoesNotContain(options.Signals, s => s.Metric == "tokens_total");
        Assert.Equal(0.3, options.Signals.Single(s => s.Metric == "latency_ms").MinEffect);
        var added = options.Signals.Single(s => s.Metric == "helpfulness");
        Assert.Equal(SignalKind.Distribution, added.Kind);
        Assert.False(added.HigherIsWorse);
        Assert.Contains("helpfulness", options.SketchMetrics);
        Assert.DoesNotContain("tokens_total", options.SketchMetrics);
    }

    [Fact]
    public void Parse_FewBaselineWindowSettings_Override()
    {
        var options = EngineConfiguration.Parse("""
            { "regression": { "minBatchRequests": 50, "overwhelmingConfidence": 0.9999, "overwhelmingEffect": 3 } }
            """).Regression;

        Assert.Equal((50L, 0.9999, 3.0), (options.MinBatchRequests, options.OverwhelmingConfidence, options.OverwhelmingEffect));
        Assert.Equal((30L, 0.999, 1.5, 50L), (new RegressionOptions().MinBatchRequests, new RegressionOptions().OverwhelmingConfidence,
            new RegressionOptions().OverwhelmingEffect, new RegressionOptions().MinCount));
    }

    [Fact]
    public void Parse_RegressionAndDriftDisabled_AttachesNoSketches()
    {
        var options = EngineConfiguration.Parse("""{ "regression": { "enabled": false }, "drift": { "enabled": false } }""");

        Assert.False(options.Regression.Enabled);
        Assert.Empty(options.AttachSketches);
        Assert.False(options.AttachSketches.Contains("latency_ms"));
    }

    [Fact]
    public void AttachSketches_RegressionAndDrift_CoversBoth()
    {
        var options = EngineConfiguration.Parse("{}");

        Assert.Contains("latency_ms", options.AttachSketches); // regression
        Assert.True(options.AttachSketches.Contains("groundedness")); // drift: any evaluation metric
    }

    [Theory]
    [InlineData("""{ "regression": { "minConfidance": 0.9 } }""", "regression.minConfidance: unknown setting")]
    [InlineData("""{ "regression": { "minConfidence": 1.5 } }""", "regression.minConfidence: must be in [0.5, 1)")]
    [InlineData("""{ "regression": { "minVersionShare": 0.7 } }""", "regression.minVersionShare")]
    [InlineData("""{ "regression": { "candidateWindows": 0 } }""", "regression.candidateWindows")]
    [InlineData("""{ "regression": { "minBatchRequests": 0 } }""", "regression.minBatchRequests")]
    [InlineData("""{ "regression": { "overwhelmingConfidence": 0.98 } }""", "regression.overwhelmingConfidence: must be in [minConfidence, 1)")]
    [InlineData("""{ "regression": { "overwhelmingEffect": 0.5 } }""", "regression.overwhelmingEffect: must be in [1, 100]")]
    [InlineData("""{ "regression": { "severity": "Loud" } }""", "regression.severity")]
    [InlineData("""{ "regression": { "signals": { "latency_ms": { "kind": "Histogram" } } } }""", "regression.signals.latency_ms.kind")]
    [InlineData("""{ "regression": { "signals": { "latency_ms": { "minEffect": -1 } } } }""", "regression.signals.latency_ms.minEffect")]
    [InlineData("""{ "regression": { "signals": { "latency_ms": { "weight": 2 } } } }""", "regression.signals.latency_ms.weight: unknown setting")]
    public void Parse_BadRegressionSetting_FailsNamingTheSetting(string json, string expected)
    {
        var ex = Assert.Throws<ConfigException>(() => EngineConfiguration.Parse(json));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
