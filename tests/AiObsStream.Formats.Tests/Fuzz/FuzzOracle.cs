using AiObsStream.Core.Events;

namespace AiObsStream.Formats.Tests.Fuzz;

/// <summary>
/// Judges one mutated run against the clean run of the same units: the unmutated units must come out exactly as in the
/// clean run (same events, same rejects: nothing lost, nothing counted twice, no state leaking from the bad unit), and
/// the mutated unit must follow its recipe's <see cref="Expectation"/>.
/// </summary>
internal static class FuzzOracle
{
    /// <summary>A reject message shorter than this cannot say what and where (e.g. "bad input").</summary>
    private const int MinMessageLength = 12;

    /// <summary>The broken invariants (empty when the run is correct), as (unit index, class, observed).</summary>
    public static List<(int Unit, string Class, string Observed)> Check(UnitOutcome[] clean, UnitOutcome[] mutated, int target, Expectation expect)
    {
        var broken = new List<(int, string, string)>();
        for (var i = 0; i < clean.Length; i++)
        {
            if (i != target && !Same(clean[i], mutated[i]))
            {
                broken.Add((i, mutated[i].Thrown is { } ex ? "throws:" + ex.GetType().Name : "neighbour-changed",
                    $"unit {i} was {clean[i].Describe()}, now {mutated[i].Describe()}"));
            }
        }

        var m = mutated[target];
        if (Verdict(clean[target], m, expect) is { } verdict)
        {
            broken.Add((target, verdict, m.Describe()));
        }

        return broken;
    }

    private static string? Verdict(UnitOutcome c, UnitOutcome m, Expectation expect)
    {
        if (m.Thrown is { } ex)
        {
            return "throws:" + ex.GetType().Name;
        }

        if (!m.Accepted)
        {
            return Specific(m.Failure) ? null : "vague-message";
        }

        if (m.Rejects.Skip(c.Rejects.Length).Any(r => !Specific(r)))
        {
            return "vague-message";
        }

        var (missing, extra) = Difference(c.Events, m.Events);
        var newRejects = m.Rejects.Length - c.Rejects.Length;
        var newUncounted = m.Uncounted - c.Uncounted;
        var identical = missing == 0 && extra == 0 && newRejects == 0;
        var cleanReject = extra == 0 && newRejects >= 1 && missing >= 1 && missing <= newRejects + newUncounted;
        return expect switch
        {
            Expectation.Reject when identical => "accepted-should-reject",
            Expectation.Reject when !cleanReject => extra > 0 ? "accepted-changed-should-reject" : Accounting(missing, extra, newRejects, newUncounted),
            Expectation.KeepOrReject when !identical && !cleanReject => extra > 0 ? "accepted-changed-should-keep" : Accounting(missing, extra, newRejects, newUncounted),
            Expectation.Any => Accounting(missing, extra, newRejects, newUncounted),
            Expectation.Truncated => extra > 1 || newRejects > 1 ? "double-count" : null,
            _ => null,
        };
    }

    /// <summary>A bit flip touches one record: at most one event changed; one lost must be accounted for.</summary>
    private static string? Accounting(int missing, int extra, int newRejects, long newUncounted)
    {
        if (extra > missing)
        {
            return "double-count";
        }

        if (missing > 1)
        {
            return "many-changed";
        }

        return missing - extra > newRejects + newUncounted ? "silent-drop" : null;
    }

    private static bool Specific(ParseError e) => e.Message is { Length: >= MinMessageLength };

    /// <summary>Multiset difference: clean events not produced (missing) and produced events not in the clean run (extra).</summary>
    private static (int Missing, int Extra) Difference(string[] clean, string[] mutated)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in clean)
        {
            counts[e] = counts.GetValueOrDefault(e) + 1;
        }

        var extra = 0;
        foreach (var e in mutated)
        {
            if (counts.GetValueOrDefault(e) > 0)
            {
                counts[e]--;
            }
            else
            {
                extra++;
            }
        }

        return (counts.Values.Sum(), extra);
    }

    private static bool Same(UnitOutcome a, UnitOutcome b) =>
        b.Thrown is null && a.Accepted == b.Accepted && a.Uncounted == b.Uncounted
        && a.Events.AsSpan().SequenceEqual(b.Events) && a.Rejects.AsSpan().SequenceEqual(b.Rejects)
        && a.Failure == b.Failure;
}
