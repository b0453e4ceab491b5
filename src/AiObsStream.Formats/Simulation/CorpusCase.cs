namespace AiObsStream.Formats.Simulation;

/// <summary>One labelled run of an incident corpus.</summary>
/// <param name="Name">Unique, file-name safe.</param>
/// <param name="Group">Family for reports (single, overlap, control, healthy, recorded, rollout...).</param>
/// <param name="Prepare">Writes the inputs under the given folder when they must be generated (recorded traces
/// return their own files) and returns them with the truth.</param>
public sealed record CorpusCase(string Name, string Group, Func<string, PreparedCase> Prepare);
