namespace AiObsStream.Core.Evaluation.Incidents;

/// <summary>Whether a real problem was detected, and how fast.</summary>
/// <param name="Truth">The real problem.</param>
/// <param name="DelayMs">Open time of the earliest matching incident minus the truth start, clamped at 0 (negative, the lead
/// time, for a problem predicted ahead: <see cref="TruthIncident.AheadMs"/>); null when missed.</param>
public sealed record TruthOutcome(TruthIncident Truth, long? DelayMs)
{
    /// <summary>True when a matching incident opened.</summary>
    public bool Detected => DelayMs is not null;
}
