using System.Text.Json.Nodes;
using AiObsStream.Cli.Configuration;
using AiObsStream.Cli.Configuration.Sections;
using Microsoft.Extensions.Configuration;

namespace AiObsStream.Cli.Tests.Configuration.Binding;

/// <summary>
/// Random configuration files shaped by the settings types (<see cref="SettingsSchema"/>): every section, <c>{}</c> and
/// <c>[]</c>, list items written as <c>{}</c>, nulls that clear, keys in another case, unknown keys and wrong kinds; and
/// random cuts of a real file (most of which are valid, so that whole engine options are compared, not only errors).
/// </summary>
internal static class ConfigGenerator
{
    /// <summary>The file's sections: the root-bound settings (key null) and the keyed ones, as EngineConfiguration binds them.</summary>
    public static readonly (string? Key, Type Type)[] Sections =
    [
        (null, typeof(EngineSettings)), ("eventTime", typeof(EventTimeSettings)), ("output", typeof(OutputSettings)),
        (null, typeof(RulesSettings)), ("anomaly", typeof(AnomalySettings)), ("notifications", typeof(NotificationsSettings)),
        ("incidents", typeof(IncidentsSettings)), ("regression", typeof(RegressionSettings)), ("drift", typeof(DriftSettings)),
        ("forecast", typeof(ForecastSettings)), ("pricing", typeof(PricingSettings)), ("costTags", typeof(CostTagsSettings)),
        ("kafka", typeof(KafkaFileSettings)), ("service", typeof(ServiceSettings)), (null, typeof(ActionsSettings)),
        ("security", typeof(SecuritySettings)), ("network", typeof(NetworkSettings)),
    ];

    private static readonly string[] Strings =
        ["", "5m", "1h", "30s", "2m", "p95", "p50", "mean", "count", "max", "higher", "lower", "above", "below", "both",
         "Standard", "GlobalStandard", "ProvisionedManaged", "gpt-4o", "gpt-4o-mini", "H100", "critical", "warning", "final",
         "updates", "deployment", "rule", "webhook", "log", "http://127.0.0.1:9/x", "2026-01-01T00:00:00Z", "x", "é ü", "0",
         "true", "aoai", "dcgm", "appInsights", "srcnn", "spectral", "latency-p95", "ratio", "absolute", "ms", "1.5"];

    private static readonly string[] Names =
        ["a", "A", "b", "latency-p95", "error-rate", "throttle-rate", "gpt-4o", "dep-1", "10", "2", "x.y", "host-1", "ttft", "é"];

    private static readonly double[] Numbers = [0, 1, 2, 3, 0.5, 0.95, 1.5e-3, -1, -0.0, 10, 100, 1024, 1e3, 12.25, 5000, 0.1];

    /// <summary>A random file over every section.</summary>
    public static string Random(int seed)
    {
        var random = new Random(seed);
        var root = new JsonObject();
        foreach (var (key, type) in Sections)
        {
            if (random.NextDouble() < 0.5)
            {
                continue;
            }

            if (key is null)
            {
                AddMembers(random, root, type, 0);
            }
            else
            {
                root[Flip(random, key)] = Value(random, type, false, 0);
            }
        }

        return root.ToJsonString();
    }

    /// <summary>A random cut of <paramref name="json"/>: members dropped, objects and arrays emptied, <c>{}</c> items added.</summary>
    public static string Cut(int seed, string json)
    {
        var random = new Random(seed);
        var root = JsonNode.Parse(json, documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true })!;
        Cut(random, root, 0);
        return root.ToJsonString();
    }

    private static void Cut(Random random, JsonNode node, int depth)
    {
        var drop = depth == 0 ? 0.3 : 0.15;
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (random.NextDouble() < drop)
                    {
                        obj.Remove(name);
                    }
                    else if (obj[name] is JsonObject or JsonArray && random.NextDouble() < 0.05)
                    {
                        obj[name] = obj[name] is JsonObject ? new JsonObject() : new JsonArray();
                    }
                    else if (obj[name] is { } child)
                    {
                        Cut(random, child, depth + 1);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array.ToList())
                {
                    if (item is not null)
                    {
                        Cut(random, item, depth + 1);
                    }
                }

                if (array.Count > 0 && array[0] is JsonObject && random.NextDouble() < 0.1)
                {
                    array.Insert(random.Next(array.Count + 1), new JsonObject());
                }

                break;
        }
    }

    private static void AddMembers(Random random, JsonObject obj, Type type, int depth)
    {
        foreach (var (key, property) in SettingsSchema.Properties(type))
        {
            if (random.NextDouble() < 0.45)
            {
                obj[Flip(random, key)] = Value(random, property.PropertyType, Attribute.IsDefined(property, typeof(NullClearsAttribute)), depth + 1);
            }
        }

        if (random.NextDouble() < 0.03)
        {
            obj["zzUnknown"] = 1;
        }
    }

    private static string Flip(Random random, string key) =>
        random.NextDouble() < 0.03 ? char.ToUpperInvariant(key[0]) + key[1..] : key;

    private static JsonNode? Value(Random random, Type type, bool nullClears, int depth)
    {
        if (random.NextDouble() < 0.03)
        {
            return WrongKind(random);
        }

        if (nullClears && random.NextDouble() < 0.2)
        {
            return null;
        }

        if (type == typeof(string))
        {
            return Strings[random.Next(Strings.Length)];
        }

        if (type == typeof(bool?))
        {
            return random.Next(2) == 0;
        }

        if (type == typeof(double?))
        {
            return Numbers[random.Next(Numbers.Length)];
        }

        if (type == typeof(IConfigurationSection))
        {
            return WrongKind(random);
        }

        if (SettingsSchema.ItemType(type) is { } item)
        {
            var array = new JsonArray();
            for (var n = random.Next(4); n > 0; n--)
            {
                array.Add(item != typeof(string) && random.NextDouble() < 0.25 ? new JsonObject() : Value(random, item, false, depth + 1));
            }

            return array;
        }

        if (SettingsSchema.ValueType(type) is { } value)
        {
            var map = new JsonObject();
            for (var n = random.Next(4); n > 0; n--)
            {
                map[Names[random.Next(Names.Length)]] =
                    value != typeof(string) && random.NextDouble() < 0.25 ? new JsonObject() : Value(random, value, false, depth + 1);
            }

            return map;
        }

        var obj = new JsonObject();
        if (depth < 6 && random.NextDouble() > 0.15)
        {
            AddMembers(random, obj, type, depth);
        }

        return obj;
    }

    private static JsonNode? WrongKind(Random random) => random.Next(6) switch
    {
        0 => null,
        1 => "s",
        2 => JsonValue.Create(2.5),
        3 => true,
        4 => new JsonArray(1, "x"),
        _ => new JsonObject { ["k"] = "v" },
    };

}
