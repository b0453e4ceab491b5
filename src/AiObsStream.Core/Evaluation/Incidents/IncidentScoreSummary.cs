namespace AiObsStream.Core.Evaluation.Incidents;

/// <summary>The figures of a corpus: one row per cause, the overall row, and false incidents per healthy hour.</summary>
/// <param name="Causes">One row per cause, in <see cref="AiObsStream.Core.Incidents.IncidentCauses.All"/> order.</param>
/// <param name="Overall">Every cause together.</param>
/// <param name="Scenarios">Number of runs scored.</param>
/// <param name="FalseIncidents">Predicted incidents that match no truth incident, even ignoring the cause.</param>
/// <param name="HealthyHours">Run time outside every truth incident ± <see cref="IncidentMatchRules.HealthyMargin"/>, in hours.</param>
public sealed record IncidentScoreSummary(
    IReadOnlyList<CauseScore> Causes,
    CauseScore Overall,
    int Scenarios,
    int FalseIncidents,
    double HealthyHours)
{
    /// <summary>False incidents per healthy hour (NaN without healthy time).</summary>
    public double FalsePerHealthyHour => HealthyHours > 0 ? FalseIncidents / HealthyHours : double.NaN;

    /// <summary>The row of <paramref name="cause"/>.</summary>
    /// <param name="cause">The cause.</param>
    /// <returns>Its row.</returns>
    /// <exception cref="ArgumentOutOfRangeException">No row has that cause.</exception>
    public CauseScore For(AiObsStream.Core.Incidents.IncidentCause cause)
    {
        foreach (var row in Causes)
        {
            if (row.Cause == cause)
            {
                return row; // by value, not index: cause values have gaps (9 is reserved)
            }
        }

        throw new ArgumentOutOfRangeException(nameof(cause), cause, "no row for this cause");
    }
}
