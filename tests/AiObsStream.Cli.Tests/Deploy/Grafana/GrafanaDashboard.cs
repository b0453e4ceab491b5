using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AiObsStream.Cli.Tests.Deploy.Grafana;

/// <summary>
/// A Grafana dashboard JSON model read for checking: its panels (rows flattened), template variables and queries, and
/// the structural rules Grafana needs to import it (schemaVersion, uid, unique panel ids, gridPos inside the 24-column
/// grid, data sources chosen through datasource variables, every <c>$variable</c> defined).
/// </summary>
internal sealed partial class GrafanaDashboard
{
    private const string AzureMonitor = "grafana-azure-monitor-datasource";
    private const string Prometheus = "prometheus";

    private GrafanaDashboard(string name, JsonObject root)
    {
        Name = name;
        Root = root;
    }

    /// <summary>The file name, for messages.</summary>
    public string Name { get; }

    /// <summary>The dashboard JSON.</summary>
    public JsonObject Root { get; }

    /// <summary>Every panel, the panels inside rows included.</summary>
    public IReadOnlyList<JsonObject> Panels => [.. Flatten(Root["panels"] as JsonArray)];

    /// <summary>The template variables.</summary>
    public IReadOnlyList<JsonObject> Variables => [.. (Root["templating"]?["list"] as JsonArray ?? []).OfType<JsonObject>()];

    /// <summary>Parses a dashboard.</summary>
    public static GrafanaDashboard Parse(string name, string json) =>
        new(name, JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException($"{name}: not a JSON object"));

    /// <summary>The dashboards in deploy/grafana.</summary>
    public static IReadOnlyList<string> Files() =>
        [.. Directory.GetFiles(Path.Combine(TestKit.TestData.RepoRoot, "deploy", "grafana"), "*.json").Order(StringComparer.Ordinal)];

    /// <summary>Every KQL and PromQL query: panel targets' and query variables'.</summary>
    public IReadOnlyList<DashboardQuery> Queries()
    {
        var queries = new List<DashboardQuery>();
        foreach (var panel in Panels.Where(p => Str(p, "type") != "row"))
        {
            foreach (var target in (panel["targets"] as JsonArray ?? []).OfType<JsonObject>())
            {
                Add(queries, $"panel \"{Str(panel, "title")}\" {Str(target, "refId")}", Plugin(target) ?? Plugin(panel), target);
            }
        }

        foreach (var variable in Variables.Where(v => Str(v, "type") == "query"))
        {
            var query = variable["query"] as JsonObject ?? [];
            Add(queries, $"variable {Str(variable, "name")}", Plugin(variable), query);
        }

        return queries;
    }

    /// <summary>Structural problems (empty when Grafana can import it as intended).</summary>
    public IReadOnlyList<string> StructureProblems()
    {
        var problems = new List<string>();
        if (Root["schemaVersion"]?.GetValueKind() != System.Text.Json.JsonValueKind.Number || (int)Root["schemaVersion"]! < 36)
        {
            problems.Add("schemaVersion missing or older than 36 (Grafana 9)");
        }

        if (Str(Root, "uid") is not { Length: > 0 and <= 40 })
        {
            problems.Add("uid missing or longer than 40 characters");
        }

        if (Str(Root, "title") is not { Length: > 0 })
        {
            problems.Add("title missing");
        }

        var ids = new HashSet<int>();
        foreach (var panel in Panels)
        {
            var title = Str(panel, "title") ?? "(untitled)";
            if (panel["id"] is not JsonValue id || !id.TryGetValue<int>(out var n) || !ids.Add(n))
            {
                problems.Add($"panel \"{title}\": id missing or not unique");
            }

            problems.AddRange(GridProblems(panel, title));
            if (Str(panel, "type") == "row")
            {
                continue;
            }

            var targets = (panel["targets"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            if (targets.Count == 0)
            {
                problems.Add($"panel \"{title}\": no queries");
            }

            if (targets.Select(t => Str(t, "refId")).Distinct(StringComparer.Ordinal).Count() != targets.Count)
            {
                problems.Add($"panel \"{title}\": refIds not unique");
            }

            foreach (var owner in targets.Prepend(panel))
            {
                problems.AddRange(DataSourceProblems(owner, title));
            }
        }

        foreach (var variable in Variables.Where(v => Str(v, "type") == "query"))
        {
            problems.AddRange(DataSourceProblems(variable, "variable " + Str(variable, "name")));
        }

        problems.AddRange(UndefinedVariables());
        return problems;
    }

    [GeneratedRegex(@"\$\{(\w+)(?:[:.][^}]*)?\}|\$(\w+)|\[\[(\w+)(?::\w+)?\]\]")]
    private static partial Regex VariableReference();

    /// <summary>Variables referenced (<c>$x</c>, <c>${x}</c>, <c>${x:fmt}</c>, <c>[[x]]</c>) but not defined; Grafana's
    /// own (<c>$__interval</c>, <c>$__timeFilter</c>, ...) and regex back-references (<c>$1</c>) excepted.</summary>
    private IEnumerable<string> UndefinedVariables()
    {
        var names = Variables.Select(v => Str(v, "name")).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return Strings(Root)
            .SelectMany(s => VariableReference().Matches(s))
            .Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value)
            .Where(n => !n.StartsWith("__", StringComparison.Ordinal) && !n.All(char.IsAsciiDigit) && !names.Contains(n))
            .Distinct(StringComparer.Ordinal)
            .Select(n => $"variable ${n} is referenced but not defined");
    }

    private IEnumerable<string> DataSourceProblems(JsonObject owner, string where)
    {
        if (owner["datasource"] is not JsonObject ds)
        {
            yield break; // a target without its own data source uses the panel's
        }

        var uid = Str(ds, "uid") ?? string.Empty;
        var variable = uid.StartsWith("${", StringComparison.Ordinal) && uid.EndsWith('}') ? uid[2..^1] : null;
        var declared = Variables.FirstOrDefault(v => Str(v, "name") == variable);
        if (declared is null || Str(declared, "type") != "datasource")
        {
            yield return $"{where}: data source uid \"{uid}\" is not a datasource variable (${{name}})";
        }
        else if (Str(declared, "query") != Str(ds, "type"))
        {
            yield return $"{where}: data source type {Str(ds, "type")} differs from variable {variable}'s {Str(declared, "query")}";
        }
    }

    private static IEnumerable<string> GridProblems(JsonObject panel, string title)
    {
        if (panel["gridPos"] is not JsonObject grid
            || new[] { "h", "w", "x", "y" }.Any(k => grid[k] is not JsonValue v || !v.TryGetValue<int>(out _)))
        {
            yield return $"panel \"{title}\": gridPos missing or without integer h, w, x, y";
            yield break;
        }

        var (h, w, x, y) = ((int)grid["h"]!, (int)grid["w"]!, (int)grid["x"]!, (int)grid["y"]!);
        if (h < 1 || w < 1 || x < 0 || y < 0 || x + w > 24)
        {
            yield return $"panel \"{title}\": gridPos h={h} w={w} x={x} y={y} is outside the 24-column grid";
        }
    }

    private static void Add(List<DashboardQuery> queries, string where, string? plugin, JsonObject target)
    {
        switch (plugin)
        {
            case AzureMonitor when Str(target["azureLogAnalytics"] as JsonObject, "query") is { } kql:
                queries.Add(new(where, QueryLanguage.Kql, kql));
                break;
            case Prometheus when (Str(target, "expr") ?? Str(target, "query")) is { } promql:
                queries.Add(new(where, QueryLanguage.PromQl, promql));
                break;
            default:
                queries.Add(new(where, QueryLanguage.Kql, string.Empty)); // no query text where one belongs: reported as a KQL problem
                break;
        }
    }

    private static string? Plugin(JsonObject owner) => Str(owner["datasource"] as JsonObject, "type");

    private static string? Str(JsonObject? o, string key) =>
        o?[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static IEnumerable<JsonObject> Flatten(JsonArray? panels)
    {
        foreach (var p in (panels ?? []).OfType<JsonObject>())
        {
            yield return p;
            foreach (var inner in Flatten(p["panels"] as JsonArray))
            {
                yield return inner;
            }
        }
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };
}
