namespace AiObsStream.Core.Simulation;

/// <summary>What the simulator injected: the run, the chat-prod release and the incident windows.</summary>
/// <param name="StartUnixMs">Start of the run.</param>
/// <param name="EndUnixMs">End of the run (exclusive).</param>
/// <param name="Seed">The seed.</param>
/// <param name="ReleaseUnixMs">When chat-prod switched from <see cref="SimFleet.ChatProdVersion"/> to <see cref="SimFleet.ChatProdRelease"/>.</param>
/// <param name="Incidents">The incidents, in the order given.</param>
public sealed record GroundTruth(long StartUnixMs, long EndUnixMs, int Seed, long ReleaseUnixMs, IReadOnlyList<GroundTruthIncident> Incidents);
