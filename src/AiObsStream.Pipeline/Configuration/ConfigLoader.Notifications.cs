using System.Globalization;
using System.Text.Json;
using AiObsStream.Core.Notifications;

namespace AiObsStream.Pipeline.Configuration;

/// <content>The <c>notifications</c> section: keep-firing-for, flap damping, grouping and silences.</content>
public static partial class ConfigLoader
{
    private static NotifierOptions? ReadNotifications(JsonElement e, NotifierOptions? current)
    {
        Expect(e, JsonValueKind.Object, "notifications");
        var options = current ?? new NotifierOptions();
        var enabled = true;
        foreach (var p in e.EnumerateObject())
        {
            var setting = "notifications." + p.Name;
            switch (p.Name)
            {
                case "enabled": enabled = ReadBool(p.Value, setting); break;
                case "keepFiringFor": options = options with { KeepFiringFor = Durations.Parse(ReadString(p.Value, setting), setting) }; break;
                case "flapMaxChanges": options = options with { FlapMaxChanges = ReadInt(p.Value, setting, 1, 10_000) }; break;
                case "flapWindow": options = options with { FlapWindow = Durations.Parse(ReadString(p.Value, setting), setting) }; break;
                case "groupWait": options = options with { GroupWait = Durations.Parse(ReadString(p.Value, setting), setting) }; break;
                case "groupInterval": options = options with { GroupInterval = Durations.Parse(ReadString(p.Value, setting), setting) }; break;
                case "repeatInterval": options = options with { RepeatInterval = Durations.Parse(ReadString(p.Value, setting), setting) }; break;
                case "groupBy":
                    Expect(p.Value, JsonValueKind.Array, setting);
                    options = options with { GroupBy = p.Value.EnumerateArray().Select(x => ReadEnum<GroupLabel>(x, setting)).ToList() };
                    break;
                case "silences":
                    options = options with { Silences = ReadSilences(p.Value, setting) };
                    break;
                case "inhibitSourceRules":
                    options = options with { InhibitSourceRules = ReadStrings(p.Value, setting) };
                    break;
                case "inhibitTargetRules":
                    options = options with { InhibitTargetRules = ReadStrings(p.Value, setting) };
                    break;
                default:
                    throw new ConfigException($"{setting}: unknown setting (known: enabled, keepFiringFor, flapMaxChanges, flapWindow, groupBy, groupWait, groupInterval, repeatInterval, silences, inhibitSourceRules, inhibitTargetRules)");
            }
        }

        if (!enabled)
        {
            return null;
        }

        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new ConfigException(ex.Message, ex);
        }

        return options;
    }

    private static List<string> ReadStrings(JsonElement e, string setting)
    {
        Expect(e, JsonValueKind.Array, setting);
        var list = new List<string>();
        var index = 0;
        foreach (var item in e.EnumerateArray())
        {
            list.Add(ReadString(item, string.Create(CultureInfo.InvariantCulture, $"{setting}[{index++}]")));
        }

        return list;
    }

    private static List<Silence> ReadSilences(JsonElement e, string setting)
    {
        Expect(e, JsonValueKind.Array, setting);
        var list = new List<Silence>();
        var index = 0;
        foreach (var item in e.EnumerateArray())
        {
            var s = $"{setting}[{index++}]";
            Expect(item, JsonValueKind.Object, s);
            string? id = null, rule = null, deployment = null, host = null, version = null, comment = null;
            long? starts = null, ends = null;
            foreach (var p in item.EnumerateObject())
            {
                var ps = $"{s}.{p.Name}";
                switch (p.Name)
                {
                    case "id": id = ReadString(p.Value, ps); break;
                    case "rule": rule = ReadString(p.Value, ps); break;
                    case "deployment": deployment = ReadString(p.Value, ps); break;
                    case "host": host = ReadString(p.Value, ps); break;
                    case "modelVersion": version = ReadString(p.Value, ps); break;
                    case "comment": comment = ReadString(p.Value, ps); break;
                    case "startsAt": starts = ReadTime(p.Value, ps); break;
                    case "endsAt": ends = ReadTime(p.Value, ps); break;
                    default: throw new ConfigException($"{ps}: unknown setting (known: id, rule, deployment, host, modelVersion, startsAt, endsAt, comment)");
                }
            }

            list.Add(new Silence
            {
                Id = id ?? $"silence-{index}",
                Rule = rule,
                Deployment = deployment,
                Host = host,
                ModelVersion = version,
                Comment = comment,
                StartsAtMs = starts ?? long.MinValue,
                EndsAtMs = ends ?? throw new ConfigException($"{s}.endsAt: required (silences expire)"),
            });
        }

        return list;
    }

    private static long ReadTime(JsonElement e, string setting) =>
        DateTimeOffset.TryParse(ReadString(e, setting), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t.ToUnixTimeMilliseconds()
            : throw new ConfigException($"{setting}: not an ISO-8601 time (e.g. 2026-11-22T18:00:00Z)");
}
