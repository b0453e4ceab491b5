using System.Text;
using AiObsStream.TestKit.Fuzz;

namespace AiObsStream.Formats.Tests.Fuzz;

/// <summary>
/// The mutation recipes for one JSON record family, built from which fields the engine uses: numbers it computes with,
/// strings it keeps (dimensions, identities, times), fields a record cannot do without, and a field it never reads.
/// </summary>
internal sealed class JsonRecipes
{
    /// <summary>Invalid UTF-8: a lone 0xFF, a bad continuation, an encoded surrogate, a truncated 3-byte sequence.</summary>
    private static readonly byte[][] InvalidUtf8 = [[0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xE2, 0x82]];

    /// <summary>Raw control bytes, which JSON strings may not contain unescaped (RFC 8259 §7).</summary>
    private static readonly byte[][] Controls = [[0x00], [0x07], [0x1B], [0x1F]];

    /// <summary>Numbers no field can hold: literals JSON does not have, and one that overflows a double.</summary>
    private static readonly string[] NonFinite = ["NaN", "Infinity", "-Infinity", "1e999", "\"NaN\"", "\"Infinity\""];

    public required string[] Numbers { get; init; }

    /// <summary>Numbers sent as JSON strings (App Insights <c>Properties</c>): a huge one is still a huge number.</summary>
    public string[] StringNumbers { get; init; } = [];

    public required string[] Strings { get; init; }

    public required string[] Required { get; init; }

    public required string Unused { get; init; }

    public required string[] Any { get; init; }

    public List<FuzzRecipe> Build()
    {
        var r = new List<FuzzRecipe>
        {
            new("bit flip", Expectation.Any, (m, u) => m.BitFlip(u)),
            new("bit flip", Expectation.Any, (m, u) => m.BitFlip(u)),
            new("bit flip", Expectation.Any, (m, u) => m.BitFlip(u)),
            new("bit flip", Expectation.Any, (m, u) => m.BitFlip(u)),
            new("truncate", Expectation.Reject, (m, u) => m.Truncate(u)),
            new("nest 5000-deep unknown field", Expectation.KeepOrReject, (m, u) => m.NestExtraField(u, m.Choose(Required), 5000)),
            new("5 MB string (over MaxUnitBytes)", Expectation.Reject, (m, u) => m.HugeString(u, Unused, 5 * 1024 * 1024)),
            new("2 MB string in an unused field", Expectation.KeepOrReject, (m, u) => m.HugeString(u, Unused, 2 * 1024 * 1024)),
            new("invalid UTF-8 in an unused field", Expectation.KeepOrReject,
                (m, u) => m.InsertIntoString(u, Unused, m.Choose(InvalidUtf8), MutationKind.InvalidUtf8)),
            new("control byte in an unused field", Expectation.KeepOrReject,
                (m, u) => m.InsertIntoString(u, Unused, m.Choose(Controls), MutationKind.ControlByte)),
        };
        foreach (var key in Strings)
        {
            r.Add(new("invalid UTF-8 in " + key, Expectation.Reject, (m, u) => m.InsertIntoString(u, key, m.Choose(InvalidUtf8), MutationKind.InvalidUtf8)));
            r.Add(new("control byte in " + key, Expectation.Reject, (m, u) => m.InsertIntoString(u, key, m.Choose(Controls), MutationKind.ControlByte)));
            r.Add(new("duplicate " + key, Expectation.KeepOrReject, (m, u) => m.DuplicateField(u, key)));
        }

        foreach (var key in Numbers)
        {
            r.Add(new("400-digit " + key, Expectation.Reject, (m, u) => m.ReplaceValue(u, key, Mutator.HugeDigits, MutationKind.HugeNumber)));
            r.Add(new("non-finite " + key, Expectation.Reject, (m, u) => m.ReplaceValue(u, key, m.Choose(NonFinite), MutationKind.NonFinite)));
            r.Add(new("nested " + key, Expectation.Reject, (m, u) => m.NestValue(u, key, 3)));
            r.Add(new(key + " as text", Expectation.Reject, (m, u) => m.ReplaceValue(u, key, m.Choose(["\"abc\"", "true", "{}", "\"12 ms\""]), MutationKind.SwapType)));
            r.Add(new("duplicate " + key, Expectation.KeepOrReject, (m, u) => m.DuplicateField(u, key)));
        }

        foreach (var key in StringNumbers)
        {
            r.Add(new("400-digit " + key, Expectation.Reject, (m, u) => m.ReplaceValue(u, key, "\"" + Mutator.HugeDigits + "\"", MutationKind.HugeNumber)));
            r.Add(new("non-finite " + key, Expectation.Reject, (m, u) => m.ReplaceValue(u, key, m.Choose(["\"NaN\"", "\"-Infinity\"", "\"1e999\""]), MutationKind.NonFinite)));
        }

        foreach (var key in Required)
        {
            r.Add(new("remove " + key, Expectation.Reject, (m, u) => m.RemoveField(u, key)));
            r.Add(new(key + " as another type", Expectation.Reject, (m, u) => m.ReplaceValue(u, key, m.Choose(["[]", "null", "{\"a\":1}", "true"]), MutationKind.SwapType)));
        }

        foreach (var key in Any)
        {
            r.Add(new("remove " + key, Expectation.Any, (m, u) => m.RemoveField(u, key)));
        }

        return r;
    }

    internal static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
