using AiObsStream.Core.Incidents;

namespace AiObsStream.Core.Evaluation.Incidents;

/// <summary>Adds up scenario scores into per-cause figures.</summary>
/// <remarks>
/// Per cause: recall = detected / truth; precision = predicted incidents of the cause matching a truth incident of the
/// cause / predicted incidents of the cause (a wrong-cause prediction counts against the cause it named); median
/// detection delay over detected truth incidents; notifications per real incident = Firing notifications of the matched
/// predicted incidents / detected truth incidents. Overall: the same over every cause. False incidents per healthy hour
/// = predicted incidents matching no truth incident of any cause / healthy hours (<see cref="IncidentScorer.HealthyMs"/>).
/// </remarks>
public static class IncidentScoreboard
{
    /// <summary>Summarizes <paramref name="scores"/>.</summary>
    /// <param name="scores">The scored runs.</param>
    /// <returns>The figures.</returns>
    public static IncidentScoreSummary Summarize(IReadOnlyList<ScenarioScore> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var rows = new List<CauseScore>(IncidentCauses.All.Count);
        foreach (var cause in IncidentCauses.All)
        {
            rows.Add(Row(scores, cause));
        }

        int falseIncidents = 0;
        long healthyMs = 0;
        foreach (var s in scores)
        {
            healthyMs += s.HealthyMs;
            foreach (var p in s.Predictions)
            {
                falseIncidents += p.False ? 1 : 0;
            }
        }

        return new IncidentScoreSummary(rows, Row(scores, null), scores.Count, falseIncidents, healthyMs / 3_600_000.0);
    }

    private static CauseScore Row(IReadOnlyList<ScenarioScore> scores, IncidentCause? cause)
    {
        int truth = 0, predicted = 0, matched = 0, notifications = 0;
        var delays = new List<long>();
        foreach (var s in scores)
        {
            foreach (var t in s.Truths)
            {
                if (cause is null || t.Truth.Cause == cause)
                {
                    truth++;
                    if (t.DelayMs is { } d)
                    {
                        delays.Add(d);
                    }
                }
            }

            foreach (var p in s.Predictions)
            {
                if (cause is null || p.Predicted.Cause == cause)
                {
                    predicted++;
                    if (p.Matched)
                    {
                        matched++;
                        notifications += p.Predicted.FiringNotifications;
                    }
                }
            }
        }

        return new CauseScore(cause, truth, delays.Count, predicted, matched, notifications, Median(delays));
    }

    private static double Median(List<long> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        values.Sort();
        int mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2.0;
    }
}
