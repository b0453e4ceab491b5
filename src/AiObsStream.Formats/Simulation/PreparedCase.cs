using AiObsStream.Core.Evaluation.Incidents;

namespace AiObsStream.Formats.Simulation;

/// <summary>A corpus case ready to run: the engine's input files and the truth to score against.</summary>
/// <param name="Inputs">Input files, in a fixed order.</param>
/// <param name="Truth">The ground truth.</param>
public sealed record PreparedCase(IReadOnlyList<string> Inputs, ScenarioTruth Truth);
