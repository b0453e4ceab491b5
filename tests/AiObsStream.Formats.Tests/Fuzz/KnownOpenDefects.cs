using AiObsStream.TestKit.Fuzz;

namespace AiObsStream.Formats.Tests.Fuzz;

/// <summary>
/// KnownOpenDefects (issue #10): the failure classes the parser fuzz test finds today that are reported in issue #10 and
/// being fixed in other branches. A failure matching an entry is printed but does not fail the test. When those
/// branches are merged, empty <see cref="All"/>: the fuzz test must then pass with no exception list.
/// </summary>
internal static class KnownOpenDefects
{
    /// <summary>The open classes: id, issue section, and which failures belong to it (kind and symptom, never a seed).</summary>
    public static readonly IReadOnlyList<KnownDefect> All =
    [
        new("json-invalid-utf8", "#10 §7 bullet 1: invalid UTF-8 inside a JSON string (Formats/Json)",
            f => IsJson(f) && f.Mutation.Kind == MutationKind.InvalidUtf8 && (Accepted(f) || f.Class == "throws:InvalidOperationException")),
        new("implausible-number", "#10 §7 bullet 3: 400-digit / non-finite values accepted instead of invalid_value",
            f => f.Mutation.Kind is MutationKind.HugeNumber or MutationKind.NonFinite && Accepted(f)),
        new("json-wrong-type", "#10 §7 bullet 3 (found by this fuzz): a field of the wrong JSON type is taken as absent (number fields"
            + " holding text/object/array/bool) or as its literal text (AllMetrics metricName true), not dead-lettered (Formats/Json)",
            f => IsJson(f) && f.Mutation.Kind is MutationKind.SwapType or MutationKind.DeepNesting
                && f.Mutation.Target != "fz_nest" && Accepted(f)),
        new("prom-labels", "#10 §3: duplicate label names and non-UTF-8 label bytes accepted (Formats/Prometheus)",
            f => !IsJson(f) && f.Mutation.Kind is MutationKind.DuplicateField or MutationKind.InvalidUtf8 && Accepted(f)),
        new("openmetrics-without-eof", "#10 §3: an OpenMetrics exposition cut before '# EOF' is read as 0.0.4 (Formats/Prometheus)",
            f => f.Family == "dcgm-openmetrics" && f.Mutation.Kind == MutationKind.Truncate
                && f.Class is "accepted-changed-should-reject" or "many-changed"),
    ];

    public static KnownDefect? Match(FuzzFailure failure)
    {
        foreach (var d in All)
        {
            if (d.Matches(failure))
            {
                return d;
            }
        }

        return null;
    }

    private static bool IsJson(FuzzFailure f) => !f.Family.StartsWith("dcgm", StringComparison.Ordinal);

    private static bool Accepted(FuzzFailure f) => f.Class.StartsWith("accepted-", StringComparison.Ordinal);
}
