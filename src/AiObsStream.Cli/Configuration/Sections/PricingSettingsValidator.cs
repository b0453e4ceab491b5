using AiObsStream.Core.Cost;
using Microsoft.Extensions.Options;

namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>Checks <c>pricing</c>: each price given once and not negative, required fields, durations and bounds, then the price table and spend rules.</summary>
internal sealed class PricingSettingsValidator(ConfigDocument document) : IValidateOptions<PricingSettings>
{
    private static readonly string[][] PriceForms =
        [["inputPer1K", "inputPer1M"], ["cachedInputPer1K", "cachedInputPer1M"], ["outputPer1K", "outputPer1M"]];

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, PricingSettings options)
    {
        var problems = SettingChecks.Shape<PricingSettings>(document, "pricing");
        if (problems.Count > 0)
        {
            return SettingChecks.Result(problems);
        }

        var tokens = document.Shape["pricing"]?["tokens"]?.Members ?? [];
        for (var i = 0; i < tokens.Count && i < (options.Tokens?.Count ?? 0); i++)
        {
            CheckPrices(problems, tokens[i].Value, options.Tokens![i], $"pricing.tokens[{i}]");
        }

        var spend = options.Spend ?? new SpendSettings();
        var surge = spend.Surge ?? new SurgeSettings();
        SettingChecks.Duration(problems, spend.Bucket, "pricing.spend.bucket");
        SettingChecks.Whole(problems, spend.ForecastWeeks, "pricing.spend.forecastWeeks", 1, 12);
        SettingChecks.Duration(problems, surge.Window, "pricing.spend.surge.window");
        SettingChecks.Whole(problems, surge.BaselineWindows, "pricing.spend.surge.baselineWindows", SpendSurgeOptions.MinKnownBaseline, 1440);
        SettingChecks.Whole(problems, surge.Sustain, "pricing.spend.surge.sustain", 1, 60);
        SettingChecks.Whole(problems, surge.ResolveWindows, "pricing.spend.surge.resolveWindows", 1, 60);
        SettingChecks.Core(problems, () =>
        {
            var pricing = EngineOptionsMapping.Pricing(document, options, new PricingOptions());
            _ = new PriceTable(pricing);
            pricing.Spend.Validate();
        });
        return SettingChecks.Result(problems);
    }

    /// <summary>A price is given per 1K or per 1M tokens, not both (the later one in the file is named), and is not negative.</summary>
    private static void CheckPrices(List<string> problems, ConfigShape item, TokenPriceSettings price, string setting)
    {
        foreach (var forms in PriceForms)
        {
            var given = 0;
            foreach (var (key, _) in item.Members)
            {
                if (Array.IndexOf(forms, key) < 0)
                {
                    continue;
                }

                if (++given == 2)
                {
                    problems.Add($"{setting}.{key}: the price is given twice (use either the Per1K or the Per1M form)");
                }
            }
        }

        Negative(problems, price.InputPer1K, setting + ".inputPer1K");
        Negative(problems, price.InputPer1M, setting + ".inputPer1M");
        Negative(problems, price.CachedInputPer1K, setting + ".cachedInputPer1K");
        Negative(problems, price.CachedInputPer1M, setting + ".cachedInputPer1M");
        Negative(problems, price.OutputPer1K, setting + ".outputPer1K");
        Negative(problems, price.OutputPer1M, setting + ".outputPer1M");
    }

    private static void Negative(List<string> problems, double? value, string setting)
    {
        if (value < 0)
        {
            problems.Add($"{setting}: must not be negative");
        }
    }
}
