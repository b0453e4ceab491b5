namespace AiObsStream.Core.Simulation;

/// <summary>An injected incident as written to the ground-truth file.</summary>
/// <remarks>
/// <see cref="Cause"/> and <see cref="Hosts"/> are what an incident layer is scored against
/// (<see cref="Evaluation.Incidents.IncidentScorer"/>); a control (benign-release) has no cause: its truth is "no incident".
/// </remarks>
/// <param name="Kind">What happened.</param>
/// <param name="Spec">The command-line spec (KIND@MINUTE).</param>
/// <param name="StartUnixMs">Start of the window (inclusive).</param>
/// <param name="EndUnixMs">End of the window (exclusive), clipped to the run.</param>
/// <param name="Deployment">The deployment hit (empty: all).</param>
/// <param name="ModelVersion">The deployment's model version when the incident starts (empty: all).</param>
/// <param name="Effect">What the simulator changed.</param>
/// <param name="ExpectedSignals">Alerts or metrics expected to react.</param>
public sealed record GroundTruthIncident(
    IncidentKind Kind,
    string Spec,
    long StartUnixMs,
    long EndUnixMs,
    string Deployment,
    string ModelVersion,
    string Effect,
    IReadOnlyList<string> ExpectedSignals)
{
    /// <summary>The cause an incident layer should name; null for a control (no incident expected).</summary>
    public Incidents.IncidentCause? Cause { get; init; }

    /// <summary>The GPU hosts in scope (sorted; empty: any).</summary>
    public IReadOnlyList<string> Hosts { get; init; } = [];
}
