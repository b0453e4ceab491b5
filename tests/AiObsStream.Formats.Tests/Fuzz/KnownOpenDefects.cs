namespace AiObsStream.Formats.Tests.Fuzz;

/// <summary>
/// KnownOpenDefects (issue #10): the failure classes the parser fuzz test finds today that are reported in issue #10 and
/// being fixed in other branches. A failure matching an entry is printed but does not fail the test. When those
/// branches are merged, empty <see cref="All"/>: the fuzz test must then pass with no exception list.
/// </summary>
internal static class KnownOpenDefects
{
    /// <summary>The open classes: id, issue section, and which failures belong to it (kind and symptom, never a seed).</summary>
    public static readonly IReadOnlyList<KnownDefect> All = [];

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
