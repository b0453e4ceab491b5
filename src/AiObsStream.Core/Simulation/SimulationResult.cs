namespace AiObsStream.Core.Simulation;

/// <summary>The generated streams, each sorted by time, and the ground truth.</summary>
/// <param name="Requests">Calls, sorted by end time.</param>
/// <param name="Evaluations">Online evaluations, sorted by time.</param>
/// <param name="GpuSamples">GPU scrapes, sorted by time then GPU.</param>
/// <param name="Truth">What was injected.</param>
public sealed record SimulationResult(
    IReadOnlyList<SimRequest> Requests,
    IReadOnlyList<SimEvaluation> Evaluations,
    IReadOnlyList<SimGpuSample> GpuSamples,
    GroundTruth Truth)
{
    /// <summary>Control-plane and secret accesses (Key Vault AuditEvent, Azure OpenAI Audit), sorted by time.</summary>
    public IReadOnlyList<SimAccess> Accesses { get; init; } = [];
}
