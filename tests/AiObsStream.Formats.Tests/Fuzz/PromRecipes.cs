using AiObsStream.TestKit.Fuzz;

namespace AiObsStream.Formats.Tests.Fuzz;

/// <summary>
/// Mutation recipes for dcgm-exporter text: per sample line (file mode), or applied to one random sample line of a whole
/// exposition (scrape / Kafka mode).
/// </summary>
internal static class PromRecipes
{
    private static readonly byte[][] InvalidUtf8 = [[0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xE2, 0x82]];

    /// <summary>Recipes for one line (or, through <paramref name="onLine"/>, one line of an exposition).</summary>
    /// <param name="openMetrics">Whether the unit is OpenMetrics (one bad line rejects it whole; truncation loses # EOF).</param>
    /// <param name="timestamps">Whether the samples carry timestamps (live dcgm-exporter scrapes do not).</param>
    /// <param name="onLine">Wraps a line mutation so it applies inside a larger unit (identity for file mode).</param>
    public static List<FuzzRecipe> Build(bool openMetrics, bool timestamps, Func<Func<Mutator, byte[], Mutation?>, Func<Mutator, byte[], Mutation?>> onLine)
    {
        FuzzRecipe Line(string name, Expectation expect, Func<Mutator, byte[], Mutation?> apply) => new(name, expect, onLine(apply));
        var r = new List<FuzzRecipe>
        {
            new("bit flip", Expectation.Any, (m, u) => m.BitFlip(u)),
            new("bit flip", Expectation.Any, (m, u) => m.BitFlip(u)),
            new("bit flip", Expectation.Any, (m, u) => m.BitFlip(u)),
            openMetrics
                ? new("truncate before # EOF", Expectation.Reject, (m, u) => m.Truncate(u[..(u.AsSpan().LastIndexOf("# EOF"u8) + 1)]))
                : new("truncate", Expectation.Truncated, (m, u) => m.Truncate(u)),
            Line("line: 400-digit value", Expectation.Reject, (m, u) => m.SampleValue(u, Mutator.HugeDigits, MutationKind.HugeNumber)),
            Line("line: infinite value", Expectation.Reject, (m, u) => m.SampleValue(u, m.Choose(["+Inf", "-Inf", "1e999"]), MutationKind.NonFinite)),
            Line("line: NaN value", Expectation.Any, (m, u) => m.SampleValue(u, "NaN", MutationKind.NonFinite)),
            Line("line: value as text", Expectation.Reject, (m, u) => m.SampleValue(u, m.Choose(["\"42\"", "abc", "4,2", "{}"]), MutationKind.SwapType)),
            Line("line: duplicate label", Expectation.Reject, (m, u) => m.DuplicateLabel(u, m.Choose(["UUID", "Hostname", "gpu", "pod"]))),
            Line("line: label removed", Expectation.Any, (m, u) => m.RemoveLabel(u, m.Choose(["UUID", "Hostname", "pod"]))),
            Line("line: invalid UTF-8 in a label", Expectation.Reject,
                (m, u) => m.InsertIntoLabel(u, m.Choose(["Hostname", "UUID", "pod"]), m.Choose(InvalidUtf8), MutationKind.InvalidUtf8)),
            Line("line: NUL / control byte in a label", Expectation.Any,
                (m, u) => m.InsertIntoLabel(u, m.Choose(["Hostname", "pod"]), m.Choose<byte[]>([[0x00], [0x01], [0x1B]]), MutationKind.ControlByte)),
            Line("line: 2 MB label value", Expectation.Any, (m, u) => m.HugeLabel(u, "Hostname", 2 * 1024 * 1024)),
        };
        if (timestamps)
        {
            r.Add(Line("line: timestamp cut short", Expectation.Any, (m, u) => m.TruncateTimestamp(u)));
            r.Add(Line("line: timestamp removed", Expectation.Any, (m, u) => m.RemoveTimestamp(u)));
        }

        return r;
    }

    /// <summary>Applies a line mutation to one random sample line of an exposition and splices it back.</summary>
    public static Func<Mutator, byte[], Mutation?> OnSampleLine(Func<Mutator, byte[], Mutation?> apply) => (m, unit) =>
    {
        var starts = new List<int>();
        for (var at = 0; at < unit.Length; at = unit.AsSpan(at).IndexOf((byte)'\n') is var nl and >= 0 ? at + nl + 1 : unit.Length)
        {
            if (unit[at] != (byte)'#')
            {
                starts.Add(at);
            }
        }

        if (starts.Count == 0)
        {
            return null;
        }

        var start = m.Choose(starts);
        var end = unit.AsSpan(start).IndexOf((byte)'\n') is var e and >= 0 ? start + e : unit.Length;
        if (apply(m, unit[start..end]) is not { } line)
        {
            return null;
        }

        return line with { Offset = start + line.Offset, Bytes = [.. unit.AsSpan(0, start), .. line.Bytes, .. unit.AsSpan(end)] };
    };
}
