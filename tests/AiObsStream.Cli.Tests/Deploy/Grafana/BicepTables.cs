using System.Text.RegularExpressions;

namespace AiObsStream.Cli.Tests.Deploy.Grafana;

/// <summary>
/// The Log Analytics tables and their columns as deploy/loganalytics/main.bicep declares them: each
/// <c>var xColumns = [ { name: 'C', type: 'T' } ... ]</c> list, bound to its table by the table resource's
/// <c>schema: { name: 'Table_CL', columns: xColumns }</c>.
/// </summary>
internal static partial class BicepTables
{
    [GeneratedRegex(@"var (\w+) = \[(.*?)\n\]", RegexOptions.Singleline)]
    private static partial Regex ColumnList();

    [GeneratedRegex(@"\{ name: '(\w+)', type: '\w+' \}")]
    private static partial Regex Column();

    [GeneratedRegex(@"schema: \{ name: '(\w+)', columns: (\w+) \}")]
    private static partial Regex TableSchema();

    /// <summary>Table name → its column names, parsed from Bicep text.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Parse(string bicep)
    {
        var lists = ColumnList().Matches(bicep).ToDictionary(
            m => m.Groups[1].Value,
            m => (IReadOnlySet<string>)Column().Matches(m.Groups[2].Value).Select(c => c.Groups[1].Value).ToHashSet(StringComparer.Ordinal),
            StringComparer.Ordinal);
        var tables = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (Match m in TableSchema().Matches(bicep))
        {
            if (!lists.TryGetValue(m.Groups[2].Value, out var columns))
            {
                throw new InvalidDataException($"table {m.Groups[1].Value} names the column list {m.Groups[2].Value}, which main.bicep does not declare");
            }

            tables[m.Groups[1].Value] = columns;
        }

        return tables;
    }

    /// <summary>The tables of the repository's main.bicep.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> FromRepository() =>
        Parse(File.ReadAllText(System.IO.Path.Combine(TestKit.TestData.RepoRoot, "deploy", "loganalytics", "main.bicep")));
}
