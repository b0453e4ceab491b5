using System.Text.RegularExpressions;

namespace AiObsStream.Cli.Tests.Deploy.Grafana;

/// <summary>
/// Finds the metric names a PromQL expression selects and checks them against the names that exist (the engine's
/// exposition names and the dcgm-exporter fields the engine maps); unknown function names are reported too.
/// </summary>
/// <remarks>
/// Not a PromQL parser: strings, label matchers (<c>{...}</c>), ranges (<c>[5m]</c>), the label lists of
/// <c>by</c> / <c>without</c> / <c>on</c> / <c>ignoring</c> / <c>group_left</c> / <c>group_right</c>, durations and Grafana
/// variables are skipped; of the names left, one followed by <c>(</c> is a function or aggregation, the keywords are
/// skipped, and every other name is a metric. Grafana's variable functions <c>label_values(metric, label)</c> and
/// <c>query_result(expr)</c> are unwrapped first.
/// </remarks>
internal static partial class PromQlChecker
{
    private static readonly HashSet<string> LabelListKeywords = new(StringComparer.Ordinal)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right",
    };

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "and", "or", "unless", "bool", "offset", "inf", "nan",
    };

    /// <summary>PromQL functions and aggregation operators (prometheus.io/docs/prometheus/latest/querying/functions).</summary>
    private static readonly HashSet<string> Functions = new(StringComparer.Ordinal)
    {
        "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio",
        "abs", "absent", "absent_over_time", "ceil", "changes", "clamp", "clamp_max", "clamp_min", "day_of_month", "day_of_week",
        "day_of_year", "days_in_month", "delta", "deriv", "exp", "floor", "histogram_quantile", "histogram_count", "histogram_sum",
        "holt_winters", "hour", "idelta", "increase", "irate", "label_join", "label_replace", "ln", "log2", "log10", "minute", "month",
        "predict_linear", "rate", "resets", "round", "scalar", "sgn", "sort", "sort_desc", "sqrt", "time", "timestamp", "vector", "year",
        "avg_over_time", "min_over_time", "max_over_time", "sum_over_time", "count_over_time", "quantile_over_time", "stddev_over_time",
        "stdvar_over_time", "last_over_time", "present_over_time",
    };

    /// <summary>What is wrong with <paramref name="expr"/>: unknown metrics or functions (empty when none).</summary>
    public static IReadOnlyList<string> Check(string expr, IReadOnlySet<string> knownMetrics)
    {
        var (metrics, functions) = Names(Unwrap(expr));
        var problems = functions.Where(f => !Functions.Contains(f)).Select(f => $"unknown PromQL function {f}").ToList();
        problems.AddRange(metrics.Where(m => !knownMetrics.Contains(m)).Select(m => $"metric {m} is neither exported by the engine nor a DCGM field it maps"));
        if (metrics.Count == 0)
        {
            problems.Add("the expression selects no metric");
        }

        return problems;
    }

    /// <summary>The PromQL inside a Grafana variable query: <c>label_values(M, label)</c> → M, <c>query_result(E)</c> → E.</summary>
    internal static string Unwrap(string query)
    {
        var q = query.Trim();
        if (q.StartsWith("query_result(", StringComparison.Ordinal) && q.EndsWith(')'))
        {
            return q["query_result(".Length..^1];
        }

        if (q.StartsWith("label_values(", StringComparison.Ordinal) && q.EndsWith(')'))
        {
            var inner = q["label_values(".Length..^1];
            var comma = TopLevelLastComma(inner);
            return comma < 0 ? string.Empty : inner[..comma]; // label_values(label) names no metric
        }

        return q;
    }

    /// <summary>The metric names and function names of <paramref name="expr"/>, each once, in order of appearance.</summary>
    internal static (IReadOnlyList<string> Metrics, IReadOnlyList<string> Functions) Names(string expr)
    {
        var metrics = new List<string>();
        var functions = new List<string>();
        var i = 0;
        while (i < expr.Length)
        {
            var c = expr[i];
            if (c is '"' or '\'' or '`')
            {
                i = SkipString(expr, i);
            }
            else if (c is '{' or '[')
            {
                i = SkipGroup(expr, i, c, c == '{' ? '}' : ']');
            }
            else if (c == '$')
            {
                i++;
                if (i < expr.Length && expr[i] == '{')
                {
                    i = SkipGroup(expr, i, '{', '}');
                }
                else
                {
                    while (i < expr.Length && (char.IsAsciiLetterOrDigit(expr[i]) || expr[i] == '_'))
                    {
                        i++;
                    }
                }
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < expr.Length && char.IsAsciiDigit(expr[i + 1])))
            {
                while (i < expr.Length && (char.IsAsciiLetterOrDigit(expr[i]) || expr[i] == '.'))
                {
                    i++; // numbers and durations (5m, 1h30m, 1e3)
                }
            }
            else if (char.IsAsciiLetter(c) || c is '_' or ':')
            {
                var end = i;
                while (end < expr.Length && (char.IsAsciiLetterOrDigit(expr[end]) || expr[end] is '_' or ':'))
                {
                    end++;
                }

                var name = expr[i..end];
                var next = end;
                while (next < expr.Length && char.IsWhiteSpace(expr[next]))
                {
                    next++;
                }

                i = end;
                if (LabelListKeywords.Contains(name))
                {
                    i = next < expr.Length && expr[next] == '(' ? SkipGroup(expr, next, '(', ')') : end;
                }
                else if (Keywords.Contains(name))
                {
                    continue;
                }
                else if ((next < expr.Length && expr[next] == '(') || IsGroupingClause(expr, next))
                {
                    Add(functions, name);
                }
                else
                {
                    Add(metrics, name);
                }
            }
            else
            {
                i++;
            }
        }

        return (metrics, functions);
    }

    /// <summary>Whether <c>by</c> or <c>without</c> starts at <paramref name="at"/>: <c>sum by (x) (...)</c> makes sum an aggregation.</summary>
    private static bool IsGroupingClause(string expr, int at) => GroupingClause().IsMatch(expr[at..]);

    [GeneratedRegex(@"^(by|without)\s*\(")]
    private static partial Regex GroupingClause();

    private static void Add(List<string> list, string name)
    {
        if (!list.Contains(name, StringComparer.Ordinal))
        {
            list.Add(name);
        }
    }

    private static int SkipString(string s, int start)
    {
        var quote = s[start];
        var i = start + 1;
        while (i < s.Length && s[i] != quote)
        {
            i += s[i] == '\\' && quote != '`' ? 2 : 1;
        }

        return i + 1;
    }

    /// <summary>The index after the group opened at <paramref name="start"/> (strings inside it skipped, nesting counted).</summary>
    private static int SkipGroup(string s, int start, char open, char close)
    {
        var depth = 0;
        var i = start;
        while (i < s.Length)
        {
            if (s[i] is '"' or '\'' or '`')
            {
                i = SkipString(s, i);
                continue;
            }

            depth += s[i] == open ? 1 : s[i] == close ? -1 : 0;
            i++;
            if (depth == 0)
            {
                break;
            }
        }

        return i;
    }

    private static int TopLevelLastComma(string s)
    {
        var depth = 0;
        var last = -1;
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] is '"' or '\'')
            {
                i = SkipString(s, i) - 1;
                continue;
            }

            depth += s[i] is '(' or '{' or '[' ? 1 : s[i] is ')' or '}' or ']' ? -1 : 0;
            if (s[i] == ',' && depth == 0)
            {
                last = i;
            }
        }

        return last;
    }
}
