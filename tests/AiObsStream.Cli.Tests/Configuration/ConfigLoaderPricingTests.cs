using AiObsStream.Cli.Configuration;
using AiObsStream.Core.Cost;
using AiObsStream.Pipeline.Configuration;
using AiObsStream.TestKit;

namespace AiObsStream.Cli.Tests.Configuration;

public class ConfigLoaderPricingTests
{
    [Fact]
    public void Load_DeployExample_PricingAndTags()
    {
        var p = EngineConfiguration.Load(Path.Combine(TestData.RepoRoot, "deploy", "aiobs.config.json")).Pricing;
        var price = Assert.Single(p.TokenPrices);
        Assert.Equal(0.00275, price.InputPer1K, 12);
        Assert.Equal(0.011, price.OutputPer1K, 12);
        Assert.Equal(new DateTimeOffset(2024, 12, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), price.EffectiveFromMs);
        Assert.Equal("DataZoneStandard", p.Deployments["chat-eu"].DeploymentType);
        Assert.Equal(12.29, Assert.Single(p.GpuPrices).UsdPerHour);
        Assert.Equal(new CostTag("search", "copilot"), p.TagsByDeployment["chat-prod"]);
        Assert.Equal("unassigned", p.DefaultTag.Team);
        Assert.Equal(TimeSpan.FromHours(1), p.Spend.Bucket);
    }

    [Fact]
    public void Parse_Per1KPrice_UsedAsIsAndVersionDefaultsToAny()
    {
        var p = EngineConfiguration.Parse("""{ "pricing": { "tokens": [ { "model": "m", "deploymentType": "Standard", "inputPer1K": 0.5, "outputPer1K": 1 } ] } }""").Pricing;
        var price = Assert.Single(p.TokenPrices);
        Assert.Equal((0.5, 0.5, 1.0, TokenPrice.AnyVersion), (price.InputPer1K, price.CachedInputPer1K, price.OutputPer1K, price.ModelVersion));
    }

    [Theory]
    [InlineData("""{ "pricing": { "tokenz": [] } }""", "pricing.tokenz: unknown setting")]
    [InlineData("""{ "pricing": { "tokens": [ { "model": "m", "deploymentType": "S", "outputPer1M": 1 } ] } }""", "pricing.tokens[0].inputPer1M: required")]
    [InlineData("""{ "pricing": { "tokens": [ { "model": "m", "deploymentType": "S", "inputPer1M": 1, "inputPer1K": 1, "outputPer1M": 1 } ] } }""", "pricing.tokens[0].inputPer1K: the price is given twice")]
    [InlineData("""{ "pricing": { "tokens": [ { "model": "m", "deploymentType": "S", "inputPer1M": -1, "outputPer1M": 1 } ] } }""", "pricing.tokens[0].inputPer1M: must not be negative")]
    [InlineData("""{ "pricing": { "tokens": [ { "model": "m", "deploymentType": "S", "inputPer1M": 1, "outputPer1M": 1, "effectiveFrom": "soon" } ] } }""", "pricing.tokens[0].effectiveFrom: expected a date")]
    [InlineData("""{ "pricing": { "gpus": [ { "usdPerHour": 3 } ] } }""", "pricing.gpus[0].gpuModel: required")]
    [InlineData("""{ "pricing": { "deployments": { "d": { "sku": "x" } } } }""", "pricing.deployments.d.sku: unknown setting")]
    [InlineData("""{ "pricing": { "spend": { "bucket": "7m" } } }""", "pricing.spend.bucket")]
    [InlineData("""{ "pricing": { "spend": { "aboveWeeklyAverage": -0.1 } } }""", "pricing.spend.aboveWeeklyAverage")]
    [InlineData("""{ "pricing": { "spend": { "surge": { "ratio": 0.5 } } } }""", "pricing.spend.surge.ratio: must be")]
    [InlineData("""{ "pricing": { "spend": { "surge": { "resolveRatio": 3 } } } }""", "pricing.spend.surge.resolveRatio: must be")]
    [InlineData("""{ "pricing": { "spend": { "surge": { "window": "45s" } } } }""", "pricing.spend.surge.window")]
    [InlineData("""{ "pricing": { "spend": { "surge": { "sustain": 0 } } } }""", "pricing.spend.surge.sustain")]
    [InlineData("""{ "pricing": { "spend": { "surge": { "floor": 1 } } } }""", "pricing.spend.surge.floor: unknown setting")]
    [InlineData("""{ "pricing": { "spend": { "surge": true } } }""", "pricing.spend.surge: expected object")]
    [InlineData("""{ "costTags": { "deployments": { "d": { "owner": "x" } } } }""", "costTags.deployments.d.owner: unknown setting")]
    [InlineData("""{ "costTags": { "default": "x" } }""", "costTags.default: expected object")]
    public void Parse_InvalidPricing_ErrorNamesSetting(string json, string expected)
    {
        var ex = Assert.Throws<ConfigException>(() => EngineConfiguration.Parse(json));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SpendSurge_EveryOptionRead()
    {
        var surge = EngineConfiguration.Parse("""
            { "pricing": { "spend": { "surge": { "enabled": false, "window": "5m", "ratio": 3, "baselineWindows": 20, "sustain": 3,
              "minIncreaseUsdPerMinute": 2, "perRequestRatio": 1.2, "resolveRatio": 1.5, "resolveWindows": 4 } } } }
            """).Pricing.Spend.Surge;
        Assert.Equal(new SpendSurgeOptions
        {
            Enabled = false,
            Window = TimeSpan.FromMinutes(5),
            Ratio = 3,
            BaselineWindows = 20,
            Sustain = 3,
            MinIncreaseUsdPerMinute = 2,
            PerRequestRatio = 1.2,
            ResolveRatio = 1.5,
            ResolveWindows = 4,
        }, surge);
        Assert.Equal(new SpendSurgeOptions(), EngineConfiguration.Parse("{}").Pricing.Spend.Surge);
    }
}
