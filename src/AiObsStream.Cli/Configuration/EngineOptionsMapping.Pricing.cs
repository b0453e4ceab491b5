using AiObsStream.Cli.Configuration.Sections;
using AiObsStream.Core.Cost;
using AiObsStream.Pipeline.Configuration;

namespace AiObsStream.Cli.Configuration;

/// <content>The <c>pricing</c> and <c>costTags</c> sections.</content>
internal static partial class EngineOptionsMapping
{
    /// <summary>Pricing settings over <paramref name="current"/>.</summary>
    /// <exception cref="ConfigException">A price lacks a required setting or has a bad date.</exception>
    public static PricingOptions Pricing(ConfigDocument document, PricingSettings s, PricingOptions current)
    {
        var node = document.Shape["pricing"];
        var spend = s.Spend ?? new SpendSettings();
        var surge = spend.Surge ?? new SurgeSettings();
        var currentSurge = current.Spend.Surge;
        return current with
        {
            Enabled = s.Enabled ?? current.Enabled,
            UseBundledPrices = s.BundledPrices ?? current.UseBundledPrices,
            DefaultDeploymentType = s.DefaultDeploymentType ?? current.DefaultDeploymentType,
            TokenPrices = s.Tokens is { } tokens ? tokens.Select((t, i) => TokenPrice(t, $"pricing.tokens[{i}]")).ToList() : current.TokenPrices,
            GpuPrices = s.Gpus is { } gpus ? gpus.Select((g, i) => GpuPrice(g, $"pricing.gpus[{i}]")).ToList() : current.GpuPrices,
            Deployments = s.Deployments is { } deployments
                ? InFileOrder(node?["deployments"], deployments).ToDictionary(d => d.Key, d => new DeploymentPricing { DeploymentType = d.Value.DeploymentType, ModelName = d.Value.Model }, StringComparer.Ordinal)
                : current.Deployments,
            GpuModel = s.GpuModel ?? current.GpuModel,
            GpuModelByHost = s.GpuModelByHost is { } byHost ? InFileOrder(node?["gpuModelByHost"], byHost) : current.GpuModelByHost,
            Spend = current.Spend with
            {
                Bucket = Duration(spend.Bucket, "pricing.spend.bucket") ?? current.Spend.Bucket,
                AboveWeeklyAverage = spend.AboveWeeklyAverage ?? current.Spend.AboveWeeklyAverage,
                MinDailyUsd = spend.MinDailyUsd ?? current.Spend.MinDailyUsd,
                SrCnn = spend.SrCnn ?? current.Spend.SrCnn,
                Forecast = spend.Forecast ?? current.Spend.Forecast,
                ForecastWeeks = Int(spend.ForecastWeeks) ?? current.Spend.ForecastWeeks,
                Surge = currentSurge with
                {
                    Enabled = surge.Enabled ?? currentSurge.Enabled,
                    Window = Duration(surge.Window, "pricing.spend.surge.window") ?? currentSurge.Window,
                    Ratio = surge.Ratio ?? currentSurge.Ratio,
                    BaselineWindows = Int(surge.BaselineWindows) ?? currentSurge.BaselineWindows,
                    Sustain = Int(surge.Sustain) ?? currentSurge.Sustain,
                    MinIncreaseUsdPerMinute = surge.MinIncreaseUsdPerMinute ?? currentSurge.MinIncreaseUsdPerMinute,
                    PerRequestRatio = surge.PerRequestRatio ?? currentSurge.PerRequestRatio,
                    ResolveRatio = surge.ResolveRatio ?? currentSurge.ResolveRatio,
                    ResolveWindows = Int(surge.ResolveWindows) ?? currentSurge.ResolveWindows,
                },
            },
        };
    }

    /// <summary>Cost tags over <paramref name="current"/>.</summary>
    public static PricingOptions CostTags(CostTagsSettings s, PricingOptions current) => current with
    {
        TagsByDeployment = s.Deployments is { } byDeployment ? Tags(byDeployment) : current.TagsByDeployment,
        TagsByResource = s.Resources is { } byResource ? Tags(byResource) : current.TagsByResource,
        DefaultTag = s.Default is { } tag ? Tag(tag) : current.DefaultTag,
    };

    private static TokenPrice TokenPrice(TokenPriceSettings t, string setting)
    {
        var input = Per1K(t.InputPer1K, t.InputPer1M) ?? throw new ConfigException($"{setting}.inputPer1M: required (or inputPer1K)");
        return new TokenPrice
        {
            ModelName = t.Model ?? throw new ConfigException($"{setting}.model: required"),
            ModelVersion = t.Version ?? Core.Cost.TokenPrice.AnyVersion,
            DeploymentType = t.DeploymentType ?? throw new ConfigException($"{setting}.deploymentType: required"),
            EffectiveFromMs = t.EffectiveFrom is { } from ? Date(from, setting + ".effectiveFrom") : 0,
            InputPer1K = input,
            CachedInputPer1K = Per1K(t.CachedInputPer1K, t.CachedInputPer1M) ?? input,
            OutputPer1K = Per1K(t.OutputPer1K, t.OutputPer1M) ?? throw new ConfigException($"{setting}.outputPer1M: required (or outputPer1K)"),
            Source = t.Source ?? "config",
        };
    }

    /// <summary>USD per 1K tokens from a price given per 1K or per 1M (the validator refuses both).</summary>
    private static double? Per1K(double? per1K, double? per1M) => per1K ?? per1M / 1000;

    private static GpuPrice GpuPrice(GpuPriceSettings g, string setting) => new()
    {
        GpuModel = g.GpuModel ?? throw new ConfigException($"{setting}.gpuModel: required"),
        UsdPerHour = g.UsdPerHour ?? throw new ConfigException($"{setting}.usdPerHour: required"),
        EffectiveFromMs = g.EffectiveFrom is { } from ? Date(from, setting + ".effectiveFrom") : 0,
        Source = g.Source ?? "config",
    };

    private static long Date(string text, string setting) =>
        SettingChecks.TryInstant(text, out var ms) ? ms : throw new ConfigException($"{setting}: expected a date such as 2024-10-01 or 2024-10-01T00:00:00Z");

    private static Dictionary<string, CostTag> Tags(Dictionary<string, CostTagSettings> map) =>
        map.ToDictionary(t => t.Key, t => Tag(t.Value), StringComparer.Ordinal);

    private static CostTag Tag(CostTagSettings t) => CostTag.None with
    {
        Team = t.Team ?? CostTag.None.Team,
        Project = t.Project ?? CostTag.None.Project,
    };
}
