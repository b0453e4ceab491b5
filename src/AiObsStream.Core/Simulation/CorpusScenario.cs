namespace AiObsStream.Core.Simulation;

/// <summary>One simulated run of the labelled incident corpus.</summary>
/// <param name="Name">Unique, file-name safe, for example <c>s1-load-burst-x1-ln0.30</c>.</param>
/// <param name="Group">single, overlap, control or healthy.</param>
/// <param name="Options">What to simulate (its ground truth comes with the result).</param>
public sealed record CorpusScenario(string Name, string Group, SimulationOptions Options);
