namespace AiObsStream.Core.Evaluation.Incidents;

/// <summary>Judges the incidents of one run against its ground truth (pure: no I/O, no clock).</summary>
/// <remarks>
/// Matching follows <see cref="IncidentMatchRules"/>. A truth incident is detected when any predicted incident matches
/// it; its delay is the announcement time of the earliest match minus the truth start, clamped at 0 (not for a problem that
/// may be predicted, <see cref="TruthIncident.AheadMs"/>: its delay is negative when predicted ahead). A predicted incident that
/// matches a truth incident counts as correct for the precision of its cause; one that names the wrong cause for a real
/// problem counts against the precision of the cause it named; one that matches no truth incident even ignoring the
/// cause is also a false incident. Healthy time is the run minus every truth incident widened by
/// <see cref="IncidentMatchRules.HealthyMargin"/> on both sides (and before it by its <see cref="TruthIncident.AheadMs"/>).
/// </remarks>
public static class IncidentScorer
{
    /// <summary>Scores one run.</summary>
    /// <param name="truth">The ground truth.</param>
    /// <param name="predicted">The incidents the engine opened.</param>
    /// <returns>The outcomes.</returns>
    public static ScenarioScore Score(ScenarioTruth truth, IReadOnlyList<PredictedIncident> predicted)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        var truths = new List<TruthOutcome>(truth.Incidents.Count);
        foreach (var t in truth.Incidents)
        {
            long? delay = null;
            foreach (var p in predicted)
            {
                if (IncidentMatchRules.Matches(t, p))
                {
                    long d = t.AheadMs > 0 ? p.ReportedAtMs - t.StartMs : Math.Max(0, p.ReportedAtMs - t.StartMs);
                    delay = delay is null ? d : Math.Min(delay.Value, d);
                }
            }

            truths.Add(new TruthOutcome(t, delay));
        }

        var predictions = new List<PredictionOutcome>(predicted.Count);
        foreach (var p in predicted)
        {
            bool matched = false;
            bool related = false;
            foreach (var t in truth.Incidents)
            {
                matched |= IncidentMatchRules.Matches(t, p);
                related |= IncidentMatchRules.Matches(t, p, requireCause: false);
            }

            predictions.Add(new PredictionOutcome(p, matched, !related));
        }

        long runMs = Math.Max(0, truth.EndMs - truth.StartMs);
        return new ScenarioScore(truth.Scenario, truths, predictions, runMs, HealthyMs(truth));
    }

    /// <summary>Run time outside every truth incident widened by the healthy margin (the union of the widened windows is removed once).</summary>
    /// <param name="truth">The ground truth.</param>
    /// <returns>Milliseconds of healthy run time.</returns>
    public static long HealthyMs(ScenarioTruth truth)
    {
        ArgumentNullException.ThrowIfNull(truth);
        long margin = (long)IncidentMatchRules.HealthyMargin.TotalMilliseconds;
        var windows = new List<(long Start, long End)>(truth.Incidents.Count);
        foreach (var t in truth.Incidents)
        {
            long start = Math.Max(truth.StartMs, t.StartMs - margin - t.AheadMs);
            long end = Math.Min(truth.EndMs, t.EndMs + margin);
            if (end > start)
            {
                windows.Add((start, end));
            }
        }

        windows.Sort();
        long covered = 0;
        long reach = long.MinValue;
        foreach (var (start, end) in windows)
        {
            long from = Math.Max(start, reach);
            if (end > from)
            {
                covered += end - from;
                reach = end;
            }
        }

        return Math.Max(0, truth.EndMs - truth.StartMs - covered);
    }
}
