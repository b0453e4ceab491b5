using System.Text.Json;
using AiObsStream.Core.Anomaly;
using AiObsStream.Core.Detectors.SrCnn;
using AiObsStream.Core.Rules;

namespace AiObsStream.Pipeline.Configuration;

/// <content>The <c>anomaly</c> section: streaming detection resolution, detector parameters and per-metric rules.</content>
public static partial class ConfigLoader
{
    private static AnomalyOptions ReadAnomaly(JsonElement e, AnomalyOptions current)
    {
        Expect(e, JsonValueKind.Object, "anomaly");
        foreach (var p in e.EnumerateObject())
        {
            var setting = "anomaly." + p.Name;
            current = p.Name switch
            {
                "enabled" => current with { Enabled = ReadBool(p.Value, setting) },
                "resolution" => current with { Resolution = Durations.Parse(ReadString(p.Value, setting), setting) },
                "window" => current with { Sr = current.Sr with { WindowSize = ReadInt(p.Value, setting, 8, 255) } },
                "threshold" => current with { Sr = current.Sr with { Threshold = ReadDouble(p.Value, setting) } },
                "bandSigmas" => current with { BandSigmas = ReadDouble(p.Value, setting) },
                "singlePointSpikes" => current with { SinglePointSpikes = ReadBool(p.Value, setting) },
                "percentileConfidenceZ" => current with { PercentileConfidenceZ = ReadZ(p.Value, setting) },
                "model" => current with { SrCnnModel = LoadModel(ReadString(p.Value, setting), setting) },
                "rules" => current with { Rules = ReadAnomalyRules(p.Value, current.Rules, setting) },
                _ => throw new ConfigException($"{setting}: unknown setting (known: enabled, resolution, window, threshold, bandSigmas, singlePointSpikes, percentileConfidenceZ, model, rules)"),
            };
        }

        try
        {
            current.Sr.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new ConfigException("anomaly: " + ex.Message, ex);
        }

        if (current.Resolution < TimeSpan.FromSeconds(1))
        {
            throw new ConfigException("anomaly.resolution: must be at least 1s");
        }

        return current;
    }

    private static double ReadZ(JsonElement e, string setting)
    {
        var z = ReadDouble(e, setting);
        return z is >= 0 and <= 6 ? z : throw new ConfigException($"{setting}: {z.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} is out of range [0, 6] (1.645 = one-sided 95 %, 0 = off)");
    }

    private static SrCnnModel LoadModel(string path, string setting)
    {
        try
        {
            return SrCnnModel.Load(path);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{setting}: {ex.Message}", ex);
        }
    }

    private static List<AnomalyRuleDefinition> ReadAnomalyRules(JsonElement e, IReadOnlyList<AnomalyRuleDefinition> defaults, string setting)
    {
        Expect(e, JsonValueKind.Object, setting);
        var rules = defaults.ToList();
        foreach (var r in e.EnumerateObject())
        {
            var index = rules.FindIndex(x => x.Metric == r.Name);
            var rule = index >= 0 ? rules[index] : new AnomalyRuleDefinition { Metric = r.Name };
            Expect(r.Value, JsonValueKind.Object, $"{setting}.{r.Name}");
            foreach (var p in r.Value.EnumerateObject())
            {
                var s = $"{setting}.{r.Name}.{p.Name}";
                rule = p.Name switch
                {
                    "enabled" => rule with { Enabled = ReadBool(p.Value, s) },
                    "statistic" => rule with { Statistic = ReadEnum<Statistic>(p.Value, s) },
                    "direction" => rule with { Direction = ReadEnum<AnomalyDirection>(p.Value, s) },
                    "detector" => rule with { Detector = ReadEnum<AnomalyDetectorKind>(p.Value, s) },
                    "minCount" => rule with { MinCount = (long)ReadDouble(p.Value, s) },
                    "resolveAfterPoints" => rule with { ResolveAfterPoints = ReadInt(p.Value, s, 1, 10_000) },
                    "sources" => rule with { Sources = ReadSources(p.Value, s) },
                    "minAbsoluteChange" => rule with { MinAbsoluteChange = ReadDouble(p.Value, s) },
                    "minRelativeChange" => rule with { MinRelativeChange = ReadDouble(p.Value, s) },
                    _ => throw new ConfigException($"{s}: unknown setting (known: enabled, statistic, direction, detector, minCount, resolveAfterPoints, sources, minAbsoluteChange, minRelativeChange)"),
                };
            }

            if (rule.FloorProblem() is { } problem)
            {
                throw new ConfigException($"{setting}.{r.Name}.{problem}");
            }

            if (index >= 0)
            {
                rules[index] = rule;
            }
            else
            {
                rules.Add(rule);
            }
        }

        return rules;
    }
}
