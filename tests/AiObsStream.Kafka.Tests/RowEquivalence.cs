using System.Globalization;
using System.Text.Json;

namespace AiObsStream.Kafka.Tests;

/// <summary>
/// Compares two sets of final metric rows (from <see cref="TraceComparison.FinalRows"/>) field by field: text and counts
/// exactly, other numbers to a relative 1e-12. A floating-point sum depends on the order of its terms, and records
/// reach the engine in a different order through a partitioned topic than from a file; anything beyond rounding is a
/// real difference.
/// </summary>
internal static class RowEquivalence
{
    private const double Relative = 1e-12;

    /// <summary>Asserts the same row keys and equivalent rows; the message counts differing rows per metric and shows the first.</summary>
    public static void AssertEquivalent(SortedDictionary<string, string> expected, SortedDictionary<string, string> actual)
    {
        var missing = expected.Keys.Except(actual.Keys).ToList();
        var extra = actual.Keys.Except(expected.Keys).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"{missing.Count} rows missing, e.g. {string.Join("; ", missing.Take(3))}; {extra.Count} extra, e.g. {string.Join("; ", extra.Take(3))}");
        var differing = expected.Where(e => !Same(e.Value, actual[e.Key])).Select(e => e.Key).ToList();
        var byMetric = string.Join(", ", differing.GroupBy(k => k[..k.IndexOf('|', StringComparison.Ordinal)])
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key}: {g.Count()}")));
        Assert.True(differing.Count == 0,
            $"{differing.Count} of {expected.Count} rows differ ({byMetric}); first:\n{(differing.Count > 0 ? expected[differing[0]] + "\n" + actual[differing[0]] : "")}");
    }

    private static bool Same(string expected, string actual)
    {
        if (string.Equals(expected, actual, StringComparison.Ordinal))
        {
            return true;
        }

        using var a = JsonDocument.Parse(expected);
        using var b = JsonDocument.Parse(actual);
        var left = a.RootElement.EnumerateObject().ToList();
        var right = b.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        return left.Count == right.Count && left.All(p => right.TryGetValue(p.Name, out var v) && Same(p.Name, p.Value, v));
    }

    private static bool Same(string name, JsonElement x, JsonElement y)
    {
        if (x.ValueKind != JsonValueKind.Number || y.ValueKind != JsonValueKind.Number || name == "Count")
        {
            return x.ValueKind == y.ValueKind && string.Equals(x.GetRawText(), y.GetRawText(), StringComparison.Ordinal);
        }

        var (p, q) = (x.GetDouble(), y.GetDouble());
        return Math.Abs(p - q) <= Relative * Math.Max(1, Math.Max(Math.Abs(p), Math.Abs(q)));
    }
}
