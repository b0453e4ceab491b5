using AiObsStream.Core.Incidents;

namespace AiObsStream.Core.Evaluation.Incidents;

/// <summary>Detection figures of one cause (or of every cause together) over a corpus.</summary>
/// <param name="Cause">The cause; null for the overall row.</param>
/// <param name="Truth">Truth incidents of the cause.</param>
/// <param name="Detected">Truth incidents detected.</param>
/// <param name="Predicted">Predicted incidents naming the cause.</param>
/// <param name="MatchedPredicted">Predicted incidents naming the cause that match a truth incident of the cause.</param>
/// <param name="FiringNotifications">Firing notifications of the matched predicted incidents.</param>
/// <param name="MedianDelayMs">Median detection delay of the detected truth incidents (NaN when none).</param>
public sealed record CauseScore(
    IncidentCause? Cause,
    int Truth,
    int Detected,
    int Predicted,
    int MatchedPredicted,
    int FiringNotifications,
    double MedianDelayMs)
{
    /// <summary>Detected / truth (NaN without truth incidents).</summary>
    public double Recall => Truth == 0 ? double.NaN : Detected / (double)Truth;

    /// <summary>Matched predicted / predicted (NaN without predictions).</summary>
    public double Precision => Predicted == 0 ? double.NaN : MatchedPredicted / (double)Predicted;

    /// <summary>Firing notifications of matched incidents per detected truth incident (NaN when none was detected).</summary>
    public double NotificationsPerIncident => Detected == 0 ? double.NaN : FiringNotifications / (double)Detected;

    /// <summary>The row label: the cause's wire name, or <c>overall</c>.</summary>
    public string Name => Cause is { } c ? IncidentCauses.Name(c) : "overall";
}
