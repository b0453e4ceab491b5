using AiObsStream.TestKit.Fuzz;

namespace AiObsStream.Cli.Tests.Fuzz;

/// <summary>One mutation for the CLI fuzz run and the verdict rule for it.</summary>
internal sealed record CliRecipe(string Name, CliExpectation Expect, Func<Mutator, byte[], Mutation?> Apply)
{
    private static readonly byte[][] InvalidUtf8 = [[0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80]];

    public override string ToString() => Name;

    /// <summary>Recipes for JSON units (bodies or log lines); <paramref name="number"/> is a field the engine computes with.</summary>
    public static CliRecipe[] Json(string number, string text, string time) =>
    [
        new("bit flip", CliExpectation.Any, (m, u) => m.BitFlip(u)),
        new("truncate", CliExpectation.Reject, (m, u) => m.Truncate(u)),
        new("400-digit " + number, CliExpectation.Reject, (m, u) => m.ReplaceValue(u, number, Mutator.HugeDigits, MutationKind.HugeNumber)),
        new("NaN " + number, CliExpectation.Reject, (m, u) => m.ReplaceValue(u, number, "NaN", MutationKind.NonFinite)),
        new(number + " as text", CliExpectation.Reject, (m, u) => m.ReplaceValue(u, number, "\"abc\"", MutationKind.SwapType)),
        new("invalid UTF-8 in " + text, CliExpectation.Reject, (m, u) => m.InsertIntoString(u, text, m.Choose(InvalidUtf8), MutationKind.InvalidUtf8)),
        new("NUL in " + text, CliExpectation.Reject, (m, u) => m.InsertIntoString(u, text, [0x00], MutationKind.ControlByte)),
        new("5000-deep nesting", CliExpectation.KeepOrReject, (m, u) => m.NestExtraField(u, time, 5000)),
        new("5 MB string", CliExpectation.Reject, (m, u) => m.HugeString(u, text, 5 * 1024 * 1024)),
        new("duplicate " + time, CliExpectation.KeepOrReject, (m, u) => m.DuplicateField(u, time)),
        new("remove " + time, CliExpectation.Reject, (m, u) => m.RemoveField(u, time)),
        new(time + " as an array", CliExpectation.Reject, (m, u) => m.ReplaceValue(u, time, "[1]", MutationKind.SwapType)),
    ];

    /// <summary>Recipes for dcgm-exporter lines stored with timestamps.</summary>
    public static CliRecipe[] Prometheus() =>
    [
        new("bit flip", CliExpectation.Any, (m, u) => m.BitFlip(u)),
        new("truncate", CliExpectation.Any, (m, u) => m.Truncate(u)),
        new("400-digit value", CliExpectation.Reject, (m, u) => m.SampleValue(u, Mutator.HugeDigits, MutationKind.HugeNumber)),
        new("+Inf value", CliExpectation.Reject, (m, u) => m.SampleValue(u, "+Inf", MutationKind.NonFinite)),
        new("timestamp cut short", CliExpectation.Reject, (m, u) => m.TruncateTimestamp(u)),
        new("timestamp removed", CliExpectation.Reject, (m, u) => m.RemoveTimestamp(u)),
        new("invalid UTF-8 in Hostname", CliExpectation.Reject,
            (m, u) => m.InsertIntoLabel(u, "Hostname", m.Choose(InvalidUtf8), MutationKind.InvalidUtf8)),
        new("duplicate UUID label", CliExpectation.Reject, (m, u) => m.DuplicateLabel(u, "UUID")),
        new("NUL in pod", CliExpectation.Any, (m, u) => m.InsertIntoLabel(u, "pod", [0x00], MutationKind.ControlByte)),
    ];
}
