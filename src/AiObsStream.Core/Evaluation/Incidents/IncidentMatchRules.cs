namespace AiObsStream.Core.Evaluation.Incidents;

/// <summary>When a predicted incident counts as the detection of a real one.</summary>
/// <remarks>
/// A truth incident is detected by a predicted incident of the same cause whose scope intersects (a shared deployment
/// or a shared host; an empty truth scope matches any) and that is reported (announced, <see cref="PredictedIncident.ReportedAtMs"/>) within [start − <see cref="EarlyTolerance"/>,
/// end + <see cref="LateTolerance"/>] (from start − <see cref="TruthIncident.AheadMs"/> when that is longer: a predicted problem). The early tolerance admits a detector whose window closes just before the
/// labelled start (labels are minute-aligned, windows are not); the late tolerance admits sustained rules (a 10-minute
/// sustain on a short incident) and slow verdicts, and nothing later: an incident opened more than ten minutes after
/// the problem ended helps nobody.
/// </remarks>
public static class IncidentMatchRules
{
    /// <summary>How long before the labelled start a matching incident may open.</summary>
    public static readonly TimeSpan EarlyTolerance = TimeSpan.FromMinutes(1);

    /// <summary>How long after the labelled end a matching incident may open.</summary>
    public static readonly TimeSpan LateTolerance = TimeSpan.FromMinutes(10);

    /// <summary>The margin around every truth incident that does not count as healthy time.</summary>
    public static readonly TimeSpan HealthyMargin = TimeSpan.FromMinutes(10);

    /// <summary>True when <paramref name="predicted"/> opens in the tolerance window of <paramref name="truth"/> and their scopes intersect.</summary>
    /// <param name="truth">The real problem.</param>
    /// <param name="predicted">The incident the engine opened.</param>
    /// <param name="requireCause">False to ignore the cause (used to tell a false incident from a wrong-cause one).</param>
    /// <returns>True on a match.</returns>
    public static bool Matches(TruthIncident truth, PredictedIncident predicted, bool requireCause = true)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        if (requireCause && truth.Cause != predicted.Cause)
        {
            return false;
        }

        long earliest = truth.StartMs - Math.Max((long)EarlyTolerance.TotalMilliseconds, truth.AheadMs);
        long latest = truth.EndMs + (long)LateTolerance.TotalMilliseconds;
        return predicted.ReportedAtMs >= earliest && predicted.ReportedAtMs <= latest && ScopesIntersect(truth, predicted);
    }

    /// <summary>True when the truth scope is empty, or the predicted incident names one of its deployments or hosts.</summary>
    /// <param name="truth">The real problem.</param>
    /// <param name="predicted">The incident the engine opened.</param>
    /// <returns>True when the scopes intersect.</returns>
    public static bool ScopesIntersect(TruthIncident truth, PredictedIncident predicted)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        if (truth.Deployments.Count == 0 && truth.Hosts.Count == 0)
        {
            return true;
        }

        return Intersects(truth.Deployments, predicted.Deployments) || Intersects(truth.Hosts, predicted.Hosts);
    }

    private static bool Intersects(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        foreach (var x in a)
        {
            foreach (var y in b)
            {
                if (string.Equals(x, y, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
