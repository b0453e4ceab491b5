using System.Text.Json;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Windows;
using AiObsStream.Pipeline.Engine;

namespace AiObsStream.Pipeline.Configuration;

/// <summary>
/// Reads the JSON configuration file (comments and trailing commas allowed) into <see cref="EngineOptions"/>,
/// merging rule settings over the built-in defaults by rule name. Unknown settings are errors that name the setting.
/// </summary>
public static partial class ConfigLoader
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Loads a configuration file.</summary>
    public static EngineOptions Load(string path, EngineOptions? start = null)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"--config: cannot read '{path}': {ex.Message}", ex);
        }

        return Parse(text, start);
    }

    /// <summary>Parses configuration text.</summary>
    public static EngineOptions Parse(string json, EngineOptions? start = null)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new ConfigException($"config: not valid JSON (line {ex.LineNumber + 1}): {ex.Message}", ex);
        }

        using (doc)
        {
            var root = doc.RootElement;
            Expect(root, JsonValueKind.Object, "config");
            var options = start ?? new EngineOptions();
            var quotas = new Dictionary<string, double>(options.Rules.TpmQuotas, StringComparer.Ordinal);
            var rules = options.Rules.Rules.ToList();
            foreach (var prop in root.EnumerateObject())
            {
                switch (prop.Name)
                {
                    case "eventTime":
                        options = options with { EventTime = ReadEventTime(prop.Value, options.EventTime) };
                        break;
                    case "output":
                        options = ReadOutput(prop.Value, options);
                        break;
                    case "rules":
                        ReadRules(prop.Value, rules);
                        break;
                    case "quotas":
                        ReadQuotas(prop.Value, quotas);
                        break;
                    case "gpuDeployments":
                        options = options with { Input = options.Input with { GpuDeployments = ReadStringMap(prop.Value, "gpuDeployments") } };
                        break;
                    case "anomaly":
                        options = options with { Anomaly = ReadAnomaly(prop.Value, options.Anomaly) };
                        break;
                    case "regression":
                        options = options with { Regression = ReadRegression(prop.Value, options.Regression) };
                        break;
                    case "notifications":
                        options = options with { Notifications = ReadNotifications(prop.Value, options.Notifications) };
                        break;
                    case "incidents":
                        options = options with { Incidents = ReadIncidents(prop.Value, options.Incidents) };
                        break;
                    case "pricing":
                        options = options with { Pricing = ReadPricing(prop.Value, options.Pricing) };
                        break;
                    case "costTags":
                        options = options with { Pricing = ReadCostTags(prop.Value, options.Pricing) };
                        break;
                    case "drift":
                        options = options with { Drift = ReadDrift(prop.Value, options.Drift) };
                        break;
                    case "partitions":
                        options = options with { Partitions = ReadInt(prop.Value, "partitions", 1, 1024) };
                        break;
                    case "limits":
                        options = options with { MaxActiveSeries = ReadLimits(prop.Value, options.MaxActiveSeries) };
                        break;
                    case "$schema":
                    case "description":
                    case "kafka": // transport settings: read and validated by the CLI (aiobs run)
                        break;
                    default:
                        throw new ConfigException($"config: unknown setting '{prop.Name}' (known: eventTime, output, rules, anomaly, drift, notifications, incidents, regression, quotas, gpuDeployments, pricing, costTags, partitions, limits, kafka)");
                }
            }

            var set = new RuleSet { Rules = rules, TpmQuotas = quotas };
            try
            {
                set.Validate();
            }
            catch (ArgumentException ex)
            {
                throw new ConfigException(ex.Message, ex);
            }

            return options with { Rules = set };
        }
    }

    /// <summary>The <c>limits</c> section: <c>maxActiveSeries</c>, the cardinality budget (an integer, at least 1).</summary>
    private static int ReadLimits(JsonElement e, int maxActiveSeries)
    {
        Expect(e, JsonValueKind.Object, "limits");
        foreach (var p in e.EnumerateObject())
        {
            maxActiveSeries = p.Name switch
            {
                "maxActiveSeries" => ReadInt(p.Value, "limits.maxActiveSeries", 1, int.MaxValue),
                _ => throw new ConfigException($"config: unknown setting 'limits.{p.Name}' (known: maxActiveSeries)"),
            };
        }

        return maxActiveSeries;
    }

    private static EventTimeOptions ReadEventTime(JsonElement e, EventTimeOptions current)
    {
        Expect(e, JsonValueKind.Object, "eventTime");
        TimeSpan? window = null;
        TimeSpan? hop = null;
        foreach (var p in e.EnumerateObject())
        {
            var setting = "eventTime." + p.Name;
            switch (p.Name)
            {
                case "window": window = Durations.Parse(p.Value.GetString(), setting); break;
                case "hop": hop = Durations.Parse(p.Value.GetString(), setting); break;
                case "allowedDisorder": current = current with { AllowedDisorder = Durations.Parse(p.Value.GetString(), setting) }; break;
                case "allowedLateness": current = current with { AllowedLateness = Durations.Parse(p.Value.GetString(), setting) }; break;
                case "maxAhead":
                    var ahead = Durations.Parse(p.Value.GetString(), setting);
                    current = current with { MaxAhead = ahead > TimeSpan.Zero ? ahead : throw new ConfigException($"{setting}: must be > 0") };
                    break;
                case "confirmAhead":
                    current = current with
                    {
                        ConfirmAhead = p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt32(out var n) && n is >= 1 and <= 1024
                            ? n : throw new ConfigException($"{setting}: expected an integer 1..1024"),
                    };
                    break;
                default: throw new ConfigException($"{setting}: unknown setting (known: window, hop, allowedDisorder, allowedLateness, maxAhead, confirmAhead)");
            }
        }

        if (window is not null || hop is not null)
        {
            try
            {
                var size = window ?? TimeSpan.FromMilliseconds(current.Window.SizeMs);
                current = current with { Window = new WindowSpec(size, hop) };
            }
            catch (ArgumentException ex)
            {
                throw new ConfigException("eventTime.window/hop: " + ex.Message, ex);
            }
        }

        return current;
    }

    private static EngineOptions ReadOutput(JsonElement e, EngineOptions options)
    {
        Expect(e, JsonValueKind.Object, "output");
        foreach (var p in e.EnumerateObject())
        {
            options = p.Name switch
            {
                "metrics" => options with { MetricsEmit = ParseEmit(p.Value.GetString(), "output.metrics") },
                _ => throw new ConfigException($"output.{p.Name}: unknown setting (known: metrics)"),
            };
        }

        return options;
    }

    /// <summary>Parses an emit policy name (final | updates).</summary>
    public static MetricsEmitPolicy ParseEmit(string? text, string setting) => text switch
    {
        "final" => MetricsEmitPolicy.Final,
        "updates" => MetricsEmitPolicy.Updates,
        _ => throw new ConfigException($"{setting}: '{text}' is not an emit policy (use final or updates)"),
    };

    private static void ReadQuotas(JsonElement e, Dictionary<string, double> quotas)
    {
        Expect(e, JsonValueKind.Object, "quotas");
        foreach (var d in e.EnumerateObject())
        {
            Expect(d.Value, JsonValueKind.Object, "quotas." + d.Name);
            foreach (var p in d.Value.EnumerateObject())
            {
                if (p.Name != "tpm")
                {
                    throw new ConfigException($"quotas.{d.Name}.{p.Name}: unknown setting (known: tpm)");
                }

                quotas[d.Name] = ReadDouble(p.Value, $"quotas.{d.Name}.tpm");
            }
        }
    }

    private static Dictionary<string, string> ReadStringMap(JsonElement e, string setting)
    {
        Expect(e, JsonValueKind.Object, setting);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in e.EnumerateObject())
        {
            Expect(p.Value, JsonValueKind.String, setting + "." + p.Name);
            map[p.Name] = p.Value.GetString()!;
        }

        return map;
    }

    private static void Expect(JsonElement e, JsonValueKind kind, string setting)
    {
        if (e.ValueKind != kind)
        {
            throw new ConfigException($"{setting}: expected {kind.ToString().ToLowerInvariant()}, found {e.ValueKind.ToString().ToLowerInvariant()}");
        }
    }

    private static double ReadDouble(JsonElement e, string setting) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var d) && double.IsFinite(d)
            ? d
            : throw new ConfigException($"{setting}: expected a number, found {e.ValueKind.ToString().ToLowerInvariant()}");

    private static int ReadInt(JsonElement e, string setting, int min, int max) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var i) && i >= min && i <= max
            ? i
            : throw new ConfigException($"{setting}: expected a whole number from {min} to {max}");
}
