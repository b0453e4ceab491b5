using System.Text;

namespace AiObsStream.Formats.Json;

/// <summary>
/// The App Insights tables (the <c>Type</c> column of a workspace-based export, formats.md §1.4) whose records are
/// understood but may carry nothing the engine uses. Such records are counted here, by table, instead of being
/// dead-lettered (they are not bad input: a full export is mostly these) or silently dropped.
/// </summary>
/// <remarks>
/// <para>Counted when skipped: <c>AppTraces</c> and <c>AppEvents</c> without an evaluation or user feedback;
/// <c>AppMetrics</c>, <c>AppPerformanceCounters</c>, <c>AppAvailabilityResults</c>, <c>AppBrowserTimings</c>,
/// <c>AppPageViews</c>, <c>AppSystemEvents</c> always. <c>AppRequests</c>, <c>AppDependencies</c> and
/// <c>AppExceptions</c> always become events (an exception counts in the <c>exceptions</c> metric of its operation).</para>
/// <para>Immutable; thread-safe.</para>
/// </remarks>
public static class SkippedTables
{
    private static readonly string[] TableNames =
    [
        "AppTraces", "AppEvents", "AppMetrics", "AppPerformanceCounters", "AppAvailabilityResults",
        "AppBrowserTimings", "AppPageViews", "AppSystemEvents",
    ];

    private static readonly byte[][] Utf8Names = Array.ConvertAll(TableNames, Encoding.ASCII.GetBytes);

    /// <summary>The number of tables (the length of per-table counter arrays).</summary>
    public static int Count => TableNames.Length;

    /// <summary>The table names, in counter order.</summary>
    public static IReadOnlyList<string> Names => TableNames;

    /// <summary>The counter index of the table named <paramref name="type"/> (ASCII case ignored), or -1.</summary>
    public static int IndexOf(ReadOnlySpan<byte> type)
    {
        for (var i = 0; i < Utf8Names.Length; i++)
        {
            if (Ascii.EqualsIgnoreCase(type, Utf8Names[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>"12 AppTraces, 3 AppMetrics" for the non-zero counters (empty when none).</summary>
    public static string Describe(IReadOnlyList<long> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var parts = new List<string>();
        for (var i = 0; i < counts.Count && i < TableNames.Length; i++)
        {
            if (counts[i] > 0)
            {
                parts.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{counts[i]:N0} {TableNames[i]}"));
            }
        }

        return string.Join(", ", parts);
    }
}
