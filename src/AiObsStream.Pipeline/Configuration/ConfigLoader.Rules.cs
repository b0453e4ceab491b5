using System.Text.Json;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;

namespace AiObsStream.Pipeline.Configuration;

/// <content>The <c>rules</c> section: overrides of built-in rules by name, or new rules.</content>
public static partial class ConfigLoader
{
    private static void ReadRules(JsonElement e, List<RuleDefinition> rules)
    {
        Expect(e, JsonValueKind.Object, "rules");
        foreach (var r in e.EnumerateObject())
        {
            var setting = "rules." + r.Name;
            Expect(r.Value, JsonValueKind.Object, setting);
            var index = rules.FindIndex(x => x.Name == r.Name);
            var isNew = index < 0;
            if (isNew && !r.Value.TryGetProperty("metric", out _))
            {
                throw new ConfigException($"{setting}: unknown rule (built-in rules: {string.Join(", ", DefaultRules.All.Select(x => x.Name))}); a new rule needs a 'metric'");
            }

            var rule = isNew ? new RuleDefinition { Name = r.Name, Metric = string.Empty } : rules[index];
            foreach (var p in r.Value.EnumerateObject())
            {
                rule = ApplyRuleSetting(rule, p, setting + "." + p.Name);
            }

            if (isNew)
            {
                rules.Add(rule);
            }
            else
            {
                rules[index] = rule;
            }
        }
    }

    private static RuleDefinition ApplyRuleSetting(RuleDefinition rule, JsonProperty p, string setting) => p.Name switch
    {
        "enabled" => rule with { Enabled = ReadBool(p.Value, setting) },
        "metric" => rule with { Metric = ReadString(p.Value, setting) },
        "statistic" => rule with { Statistic = ReadEnum<Statistic>(p.Value, setting) },
        "comparison" => rule with { Comparison = ReadEnum<Comparison>(p.Value, setting) },
        "warning" => rule with { Warning = ReadNullableDouble(p.Value, setting) },
        "critical" => rule with { Critical = ReadNullableDouble(p.Value, setting) },
        "resolveThreshold" => rule with { ResolveThreshold = ReadNullableDouble(p.Value, setting) },
        "sustain" => rule with { Sustain = Durations.Parse(ReadString(p.Value, setting), setting) },
        "noDataResolveAfter" => rule with { NoDataResolveAfter = Durations.Parse(ReadString(p.Value, setting), setting) },
        "minCount" => rule with { MinCount = (long)ReadDouble(p.Value, setting) },
        "scale" => rule with { Scale = ReadEnum<ThresholdScale>(p.Value, setting) },
        "unit" => rule with { Unit = ReadString(p.Value, setting) },
        "sources" => rule with { Sources = ReadSources(p.Value, setting) },
        "overrides" => rule with { Overrides = ReadOverrides(p.Value, setting) },
        _ => throw new ConfigException($"{setting}: unknown setting (known: enabled, metric, statistic, comparison, warning, critical, resolveThreshold, sustain, noDataResolveAfter, minCount, scale, unit, sources, overrides)"),
    };

    private static Dictionary<string, RuleOverride> ReadOverrides(JsonElement e, string setting)
    {
        Expect(e, JsonValueKind.Object, setting);
        var map = new Dictionary<string, RuleOverride>(StringComparer.Ordinal);
        foreach (var d in e.EnumerateObject())
        {
            var o = new RuleOverride();
            Expect(d.Value, JsonValueKind.Object, setting + "." + d.Name);
            foreach (var p in d.Value.EnumerateObject())
            {
                var s = $"{setting}.{d.Name}.{p.Name}";
                o = p.Name switch
                {
                    "enabled" => o with { Enabled = ReadBool(p.Value, s) },
                    "warning" => o with { Warning = ReadNullableDouble(p.Value, s) },
                    "critical" => o with { Critical = ReadNullableDouble(p.Value, s) },
                    _ => throw new ConfigException($"{s}: unknown setting (known: enabled, warning, critical)"),
                };
            }

            map[d.Name] = o;
        }

        return map;
    }

    private static List<TelemetrySource> ReadSources(JsonElement e, string setting)
    {
        Expect(e, JsonValueKind.Array, setting);
        return e.EnumerateArray().Select(x => ReadEnum<TelemetrySource>(x, setting)).ToList();
    }

    private static T ReadEnum<T>(JsonElement e, string setting)
        where T : struct, Enum
    {
        var text = ReadString(e, setting);
        return Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value)
            ? value
            : throw new ConfigException($"{setting}: '{text}' is not one of {string.Join(", ", Enum.GetNames<T>())}");
    }

    private static string ReadString(JsonElement e, string setting) =>
        e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new ConfigException($"{setting}: expected a string");

    private static bool ReadBool(JsonElement e, string setting) => e.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new ConfigException($"{setting}: expected true or false"),
    };

    private static double? ReadNullableDouble(JsonElement e, string setting) =>
        e.ValueKind == JsonValueKind.Null ? null : ReadDouble(e, setting);
}
