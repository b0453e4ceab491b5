using System.Globalization;
using System.Text.Json;
using AiObsStream.Core.Cost;

namespace AiObsStream.Pipeline.Configuration;

/// <content>The <c>pricing</c> section (price table, deployment facts, GPU models, spend alerts) and <c>costTags</c>.</content>
public static partial class ConfigLoader
{
    private static PricingOptions ReadPricing(JsonElement e, PricingOptions current)
    {
        Expect(e, JsonValueKind.Object, "pricing");
        foreach (var p in e.EnumerateObject())
        {
            var setting = "pricing." + p.Name;
            current = p.Name switch
            {
                "enabled" => current with { Enabled = ReadBool(p.Value, setting) },
                "bundledPrices" => current with { UseBundledPrices = ReadBool(p.Value, setting) },
                "defaultDeploymentType" => current with { DefaultDeploymentType = ReadString(p.Value, setting) },
                "tokens" => current with { TokenPrices = ReadArray(p.Value, setting, ReadTokenPrice) },
                "gpus" => current with { GpuPrices = ReadArray(p.Value, setting, ReadGpuPrice) },
                "deployments" => current with { Deployments = ReadObjectMap(p.Value, setting, ReadDeploymentPricing) },
                "gpuModel" => current with { GpuModel = ReadString(p.Value, setting) },
                "gpuModelByHost" => current with { GpuModelByHost = ReadStringMap(p.Value, setting) },
                "spend" => current with { Spend = ReadSpend(p.Value, current.Spend) },
                _ => throw new ConfigException($"{setting}: unknown setting (known: enabled, bundledPrices, defaultDeploymentType, tokens, gpus, deployments, gpuModel, gpuModelByHost, spend)"),
            };
        }

        try
        {
            _ = new PriceTable(current);
            current.Spend.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new ConfigException(ex.Message, ex);
        }

        return current;
    }

    private static PricingOptions ReadCostTags(JsonElement e, PricingOptions current)
    {
        Expect(e, JsonValueKind.Object, "costTags");
        foreach (var p in e.EnumerateObject())
        {
            var setting = "costTags." + p.Name;
            current = p.Name switch
            {
                "deployments" => current with { TagsByDeployment = ReadObjectMap(p.Value, setting, ReadTag) },
                "resources" => current with { TagsByResource = ReadObjectMap(p.Value, setting, ReadTag) },
                "default" => current with { DefaultTag = ReadTag(p.Value, setting) },
                _ => throw new ConfigException($"{setting}: unknown setting (known: deployments, resources, default)"),
            };
        }

        return current;
    }

    private static TokenPrice ReadTokenPrice(JsonElement e, string setting)
    {
        Expect(e, JsonValueKind.Object, setting);
        string? model = null, version = null, type = null, source = null;
        long from = 0;
        double? input = null, cached = null, output = null;
        foreach (var p in e.EnumerateObject())
        {
            var s = setting + "." + p.Name;
            switch (p.Name)
            {
                case "model": model = ReadString(p.Value, s); break;
                case "version": version = ReadString(p.Value, s); break;
                case "deploymentType": type = ReadString(p.Value, s); break;
                case "effectiveFrom": from = ReadInstant(p.Value, s); break;
                case "source": source = ReadString(p.Value, s); break;
                case "inputPer1K": case "inputPer1M": input = ReadPrice(p, s, input); break;
                case "cachedInputPer1K": case "cachedInputPer1M": cached = ReadPrice(p, s, cached); break;
                case "outputPer1K": case "outputPer1M": output = ReadPrice(p, s, output); break;
                default:
                    throw new ConfigException($"{s}: unknown setting (known: model, version, deploymentType, effectiveFrom, source, inputPer1K|1M, cachedInputPer1K|1M, outputPer1K|1M)");
            }
        }

        return new TokenPrice
        {
            ModelName = model ?? throw new ConfigException($"{setting}.model: required"),
            ModelVersion = version ?? TokenPrice.AnyVersion,
            DeploymentType = type ?? throw new ConfigException($"{setting}.deploymentType: required"),
            EffectiveFromMs = from,
            InputPer1K = input ?? throw new ConfigException($"{setting}.inputPer1M: required (or inputPer1K)"),
            CachedInputPer1K = cached ?? input.Value,
            OutputPer1K = output ?? throw new ConfigException($"{setting}.outputPer1M: required (or outputPer1K)"),
            Source = source ?? "config",
        };
    }

    /// <summary>Reads a price given per 1K or per 1M tokens as USD per 1K; giving both forms is an error.</summary>
    private static double ReadPrice(JsonProperty p, string setting, double? already)
    {
        if (already is not null)
        {
            throw new ConfigException($"{setting}: the price is given twice (use either the Per1K or the Per1M form)");
        }

        var v = ReadDouble(p.Value, setting);
        if (v < 0)
        {
            throw new ConfigException($"{setting}: must not be negative");
        }

        return p.Name.EndsWith("Per1M", StringComparison.Ordinal) ? v / 1000 : v;
    }

    private static GpuPrice ReadGpuPrice(JsonElement e, string setting)
    {
        Expect(e, JsonValueKind.Object, setting);
        string? model = null, source = null;
        long from = 0;
        double? rate = null;
        foreach (var p in e.EnumerateObject())
        {
            var s = setting + "." + p.Name;
            switch (p.Name)
            {
                case "gpuModel": model = ReadString(p.Value, s); break;
                case "usdPerHour": rate = ReadDouble(p.Value, s); break;
                case "effectiveFrom": from = ReadInstant(p.Value, s); break;
                case "source": source = ReadString(p.Value, s); break;
                default: throw new ConfigException($"{s}: unknown setting (known: gpuModel, usdPerHour, effectiveFrom, source)");
            }
        }

        return new GpuPrice
        {
            GpuModel = model ?? throw new ConfigException($"{setting}.gpuModel: required"),
            UsdPerHour = rate ?? throw new ConfigException($"{setting}.usdPerHour: required"),
            EffectiveFromMs = from,
            Source = source ?? "config",
        };
    }

    private static DeploymentPricing ReadDeploymentPricing(JsonElement e, string setting)
    {
        Expect(e, JsonValueKind.Object, setting);
        var d = new DeploymentPricing();
        foreach (var p in e.EnumerateObject())
        {
            d = p.Name switch
            {
                "deploymentType" => d with { DeploymentType = ReadString(p.Value, setting + "." + p.Name) },
                "model" => d with { ModelName = ReadString(p.Value, setting + "." + p.Name) },
                _ => throw new ConfigException($"{setting}.{p.Name}: unknown setting (known: deploymentType, model)"),
            };
        }

        return d;
    }

    private static CostTag ReadTag(JsonElement e, string setting)
    {
        Expect(e, JsonValueKind.Object, setting);
        var tag = CostTag.None;
        foreach (var p in e.EnumerateObject())
        {
            tag = p.Name switch
            {
                "team" => tag with { Team = ReadString(p.Value, setting + ".team") },
                "project" => tag with { Project = ReadString(p.Value, setting + ".project") },
                _ => throw new ConfigException($"{setting}.{p.Name}: unknown setting (known: team, project)"),
            };
        }

        return tag;
    }

    private static SpendAlertOptions ReadSpend(JsonElement e, SpendAlertOptions current)
    {
        Expect(e, JsonValueKind.Object, "pricing.spend");
        foreach (var p in e.EnumerateObject())
        {
            var s = "pricing.spend." + p.Name;
            current = p.Name switch
            {
                "bucket" => current with { Bucket = Durations.Parse(ReadString(p.Value, s), s) },
                "aboveWeeklyAverage" => current with { AboveWeeklyAverage = ReadDouble(p.Value, s) },
                "minDailyUsd" => current with { MinDailyUsd = ReadDouble(p.Value, s) },
                "srcnn" => current with { SrCnn = ReadBool(p.Value, s) },
                "forecast" => current with { Forecast = ReadBool(p.Value, s) },
                "forecastWeeks" => current with { ForecastWeeks = ReadInt(p.Value, s, 1, 12) },
                "surge" => current with { Surge = ReadSurge(p.Value, current.Surge) },
                _ => throw new ConfigException($"{s}: unknown setting (known: bucket, aboveWeeklyAverage, minDailyUsd, srcnn, forecast, forecastWeeks, surge)"),
            };
        }

        return current;
    }

    private static SpendSurgeOptions ReadSurge(JsonElement e, SpendSurgeOptions current)
    {
        Expect(e, JsonValueKind.Object, "pricing.spend.surge");
        foreach (var p in e.EnumerateObject())
        {
            var s = "pricing.spend.surge." + p.Name;
            current = p.Name switch
            {
                "enabled" => current with { Enabled = ReadBool(p.Value, s) },
                "window" => current with { Window = Durations.Parse(ReadString(p.Value, s), s) },
                "ratio" => current with { Ratio = ReadDouble(p.Value, s) },
                "baselineWindows" => current with { BaselineWindows = ReadInt(p.Value, s, SpendSurgeOptions.MinKnownBaseline, 1440) },
                "sustain" => current with { Sustain = ReadInt(p.Value, s, 1, 60) },
                "minIncreaseUsdPerMinute" => current with { MinIncreaseUsdPerMinute = ReadDouble(p.Value, s) },
                "perRequestRatio" => current with { PerRequestRatio = ReadDouble(p.Value, s) },
                "resolveRatio" => current with { ResolveRatio = ReadDouble(p.Value, s) },
                "resolveWindows" => current with { ResolveWindows = ReadInt(p.Value, s, 1, 60) },
                _ => throw new ConfigException($"{s}: unknown setting (known: enabled, window, ratio, baselineWindows, sustain, minIncreaseUsdPerMinute, perRequestRatio, resolveRatio, resolveWindows)"),
            };
        }

        return current;
    }

    private static long ReadInstant(JsonElement e, string setting) =>
        DateTimeOffset.TryParse(ReadString(e, setting), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t.ToUnixTimeMilliseconds()
            : throw new ConfigException($"{setting}: expected a date such as 2024-10-01 or 2024-10-01T00:00:00Z");

    private static List<T> ReadArray<T>(JsonElement e, string setting, Func<JsonElement, string, T> read)
    {
        Expect(e, JsonValueKind.Array, setting);
        var list = new List<T>();
        var i = 0;
        foreach (var item in e.EnumerateArray())
        {
            list.Add(read(item, $"{setting}[{i++}]"));
        }

        return list;
    }

    private static Dictionary<string, T> ReadObjectMap<T>(JsonElement e, string setting, Func<JsonElement, string, T> read)
    {
        Expect(e, JsonValueKind.Object, setting);
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var p in e.EnumerateObject())
        {
            map[p.Name] = read(p.Value, setting + "." + p.Name);
        }

        return map;
    }
}
