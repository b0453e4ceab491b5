using AiObsStream.Core.Evaluation.Incidents;
using AiObsStream.Formats.Simulation;

namespace AiObsStream.Cli.Commands;

/// <summary>One corpus case after the engine ran it: its score and what was read from its outputs.</summary>
/// <param name="Name">The case.</param>
/// <param name="Group">Its family.</param>
/// <param name="Source">The corpus it comes from, for the per-corpus lines of the report (simulator, rollouts, traces).</param>
/// <param name="Score">The judgement.</param>
/// <param name="Log">The incidents read back (with rejected lines).</param>
/// <param name="Elapsed">Wall time of generation, run and scoring.</param>
internal sealed record IncidentCaseResult(string Name, string Group, string Source, ScenarioScore Score, IncidentLog Log, TimeSpan Elapsed);
