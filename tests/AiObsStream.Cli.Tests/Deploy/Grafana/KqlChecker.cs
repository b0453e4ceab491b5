namespace AiObsStream.Cli.Tests.Deploy.Grafana;

/// <summary>
/// Checks a KQL query's table and column names against the Bicep table schemas, and the metric names it filters on
/// against the names the engine writes. Not a KQL parser: it relies on two facts about these tables and KQL itself.
/// </summary>
/// <remarks>
/// <para>Every column of the AiObs tables starts with an upper-case letter, and every KQL operator, function, type and
/// keyword is lower case; so an upper-case identifier is a column, or a name the query itself defines.</para>
/// <para>A name is defined by an assignment (<c>Name = expr</c> in extend / project / summarize / mv-expand, or a
/// <c>let</c>), and only counts as defined in the pipe stages after the one that assigns it: in
/// <c>summarize P95 = max(P95)</c> the <c>P95</c> inside <c>max</c> must be a column, so a renamed column is not hidden by
/// an alias of the old name. A name followed by digits (<c>TimeGenerated1</c>, a join's right-hand copy) is that column.
/// Names after a dot are properties of a dynamic column (<c>Evidence.load_ratio</c>) and are not checked. Grafana
/// macros and variables (<c>$__timeFilter</c>, <c>$deployment</c>) are skipped.</para>
/// </remarks>
internal static class KqlChecker
{
    /// <summary>What is wrong with <paramref name="query"/>, one message per problem (empty when it is consistent).</summary>
    public static IReadOnlyList<string> Check(string query, IReadOnlyDictionary<string, IReadOnlySet<string>> tables,
        IReadOnlySet<string> metricNames)
    {
        var tokens = KqlTokens.Read(query);
        var problems = new List<string>();
        var columns = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in tokens.Where(t => t.Kind == KqlTokenKind.Identifier && t.Text.EndsWith("_CL", StringComparison.Ordinal)))
        {
            if (tables.TryGetValue(t.Text, out var declared))
            {
                columns.UnionWith(declared);
            }
            else
            {
                problems.Add($"table {t.Text} is not declared in main.bicep");
            }
        }

        if (columns.Count == 0 && problems.Count == 0)
        {
            problems.Add("the query reads none of the tables main.bicep declares");
        }

        var defined = new HashSet<string>(StringComparer.Ordinal); // by earlier stages
        var definedHere = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Kind == KqlTokenKind.Symbol && t.Text is "|" or ";")
            {
                defined.UnionWith(definedHere);
                definedHere.Clear();
                continue;
            }

            if (t.Kind != KqlTokenKind.Identifier || !char.IsAsciiLetterUpper(t.Text[0]) || t.Text.EndsWith("_CL", StringComparison.Ordinal)
                || (i > 0 && tokens[i - 1].Text == "."))
            {
                continue;
            }

            if (i + 1 < tokens.Count && tokens[i + 1].Text == "=")
            {
                definedHere.Add(t.Text);
                continue;
            }

            var bare = t.Text.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
            if (!columns.Contains(t.Text) && !columns.Contains(bare) && !defined.Contains(t.Text) && columns.Count > 0)
            {
                problems.Add($"column {t.Text} is neither in {TableList(tokens)} (main.bicep) nor defined earlier in the query");
            }
        }

        problems.AddRange(MetricLiterals(tokens).Where(m => !metricNames.Contains(m)).Select(m => $"metric \"{m}\" is not a metric the engine writes"));
        return problems;
    }

    /// <summary>The strings compared with the Metric column: <c>Metric == "x"</c> and <c>Metric in ("x", "y")</c>.</summary>
    internal static IEnumerable<string> MetricLiterals(IReadOnlyList<KqlToken> tokens)
    {
        for (var i = 0; i + 2 < tokens.Count; i++)
        {
            if (tokens[i].Kind != KqlTokenKind.Identifier || tokens[i].Text != "Metric")
            {
                continue;
            }

            if (tokens[i + 1].Text == "==" && tokens[i + 2].Kind == KqlTokenKind.String)
            {
                yield return tokens[i + 2].Text;
            }
            else if (tokens[i + 1].Text == "in" && tokens[i + 2].Text == "(")
            {
                for (var j = i + 3; j < tokens.Count && tokens[j].Text != ")"; j++)
                {
                    if (tokens[j].Kind == KqlTokenKind.String)
                    {
                        yield return tokens[j].Text;
                    }
                }
            }
        }
    }

    private static string TableList(IReadOnlyList<KqlToken> tokens) =>
        string.Join(" / ", tokens.Where(t => t.Kind == KqlTokenKind.Identifier && t.Text.EndsWith("_CL", StringComparison.Ordinal))
            .Select(t => t.Text).Distinct(StringComparer.Ordinal));
}
