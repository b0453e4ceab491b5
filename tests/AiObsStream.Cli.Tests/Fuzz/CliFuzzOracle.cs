using System.Globalization;
using AiObsStream.TestKit.Fuzz;

namespace AiObsStream.Cli.Tests.Fuzz;

/// <summary>Judges one input of a mutated run against the clean run, unit by unit, through the units' traced ids.</summary>
internal static class CliFuzzOracle
{
    private const int MinMessageLength = 12;

    public static List<CliFuzzFailure> Check(FuzzInput input, int seed, CliRun clean, CliRun run,
        Dictionary<int, (CliRecipe Recipe, Mutation Mutation)> mutated, HashSet<string> allIds)
    {
        var failures = new List<CliFuzzFailure>();
        var stray = StrayCounts(input, run, allIds);
        var culprit = -1;
        var inputFailure = InputFailed(run, input) ? FailureLine(run, input).Trim() : null;
        for (var unit = 0; unit < input.Units.Count; unit++)
        {
            var id = input.Ids[unit];
            var line = input.LineOf(unit);
            var dead = run.DeadLetters.Where(d => d.Input == input.FileName && d.Position == line).ToList();
            var cleanCount = clean.Counted.GetValueOrDefault(id);
            var count = run.Counted.GetValueOrDefault(id) + stray.GetValueOrDefault(unit);
            var sameRows = SameRows(clean, run, id) && stray.GetValueOrDefault(unit) == 0;
            var observed = string.Create(CultureInfo.InvariantCulture,
                $"counted {count} (clean {cleanCount}), rows {(sameRows ? "same" : "differ")}, dead letters: {string.Join("; ", dead.Select(d => $"{d.Reason} #{d.RecordIndex} {d.Message}"))}");
            if (mutated.TryGetValue(unit, out var m))
            {
                culprit = unit;
                if (Verdict(m.Recipe.Expect, cleanCount, count, sameRows, dead) is { } v)
                {
                    var verdict = v == "changed" && OnlyFutureRowsAdded(clean, run, id) ? "changed:future-rows" : v;
                    failures.Add(new(input.FileName, seed, unit, verdict, unit, m.Recipe, m.Mutation, observed, inputFailure));
                }

                continue;
            }

            var cls = dead.Count > 0 ? "dead-lettered:" + dead[0].Reason
                : sameRows ? null
                : count == 0 ? "lost"
                : count > cleanCount ? "double-count"
                : OnlyFutureRowsAdded(clean, run, id) ? "changed:future-rows"
                : "changed";
            if (cls is not null)
            {
                var (recipe, mutation) = culprit >= 0 ? mutated[culprit] : (null, null);
                failures.Add(new(input.FileName, seed, unit, cls, culprit, recipe, mutation, observed, inputFailure));
            }
        }

        if (run.ExitCode != 0 || inputFailure is not null)
        {
            // File replay exits 0 and every input is read to its end (README "Delivery"); a bad unit is a dead letter.
            failures.Add(new(input.FileName, seed, -1, run.ExitCode != 0 ? "exit-code" : "input-failed", -1, null, null,
                run.ToString(), inputFailure));
        }

        return failures;
    }

    private static string? Verdict(CliExpectation expect, double cleanCount, double count, bool sameRows, List<DeadLetterRow> dead)
    {
        if (dead.Any(d => d.Reason.Length == 0 || d.Message.Length < MinMessageLength))
        {
            return "vague-message";
        }

        var whole = dead.Any(d => d.RecordIndex < 0);
        var records = dead.Count(d => d.RecordIndex >= 0);
        var identical = sameRows && dead.Count == 0;
        var cleanReject = dead.Count > 0 && (whole ? count == 0 : count == cleanCount - records);
        if (count > cleanCount)
        {
            return "double-count";
        }

        return expect switch
        {
            CliExpectation.Reject when !cleanReject => dead.Count > 0 ? "lost" : count < cleanCount ? "lost-silently" : "accepted-should-reject",
            CliExpectation.KeepOrReject when !identical && !cleanReject => dead.Count == 0 ? "changed" : "lost",
            CliExpectation.Any when !identical && !cleanReject && !(dead.Count == 0 && count == cleanCount) => "lost",
            _ => null,
        };
    }

    /// <summary>Whether the run's summary marks the input as failed (its line in the Inputs table says FAILED).</summary>
    private static bool InputFailed(CliRun run, FuzzInput input) => FailureLine(run, input).Contains("FAILED", StringComparison.Ordinal);

    private static string FailureLine(CliRun run, FuzzInput input) =>
        run.Stdout.Split('\n').FirstOrDefault(l => l.Contains(input.FileName, StringComparison.Ordinal)) ?? "";

    /// <summary>
    /// Whether the only difference is rows added for windows after every window of the clean run: the engine's event
    /// time ran ahead of the data (a damaged timestamp elsewhere), and windows the data never reached were emitted.
    /// </summary>
    private static bool OnlyFutureRowsAdded(CliRun clean, CliRun run, string id)
    {
        var before = clean.Rows.GetValueOrDefault(id) ?? [];
        var after = run.Rows.GetValueOrDefault(id) ?? [];
        var lastEnd = before.Select(WindowEnd).DefaultIfEmpty("").Max(StringComparer.Ordinal) ?? "";
        var added = after.Except(before, StringComparer.Ordinal).ToList();
        return after.Count - added.Count == before.Count && added.Count > 0
            && added.All(r => string.CompareOrdinal(WindowStart(r), lastEnd) >= 0);
    }

    private static string WindowStart(string row) => Field(row, "\"WindowStart\":\"");

    private static string WindowEnd(string row) => Field(row, "\"WindowEnd\":\"");

    /// <summary>The ISO-8601 value of a field of a metric row (fixed-width UTC text, so ordinal order is time order).</summary>
    private static string Field(string row, string key)
    {
        var at = row.IndexOf(key, StringComparison.Ordinal) + key.Length;
        return row.Substring(at, row.IndexOf('"', at) - at);
    }

    private static bool SameRows(CliRun clean, CliRun run, string id) =>
        (clean.Rows.GetValueOrDefault(id) ?? []).SequenceEqual(run.Rows.GetValueOrDefault(id) ?? []);

    /// <summary>
    /// Events counted under a Deployment that is no unit's id: a bit flip inside the id. Attributed to the unit whose id
    /// differs from it in exactly one character.
    /// </summary>
    private static Dictionary<int, double> StrayCounts(FuzzInput input, CliRun run, HashSet<string> allIds)
    {
        var stray = new Dictionary<int, double>();
        foreach (var (deployment, counted) in run.Counted)
        {
            if (allIds.Contains(deployment))
            {
                continue;
            }

            for (var unit = 0; unit < input.Ids.Count; unit++)
            {
                var id = input.Ids[unit];
                if (id.Length == deployment.Length && id.Zip(deployment).Count(p => p.First != p.Second) == 1)
                {
                    stray[unit] = stray.GetValueOrDefault(unit) + counted;
                }
            }
        }

        return stray;
    }
}
