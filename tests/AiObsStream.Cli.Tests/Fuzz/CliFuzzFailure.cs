using AiObsStream.TestKit.Fuzz;

namespace AiObsStream.Cli.Tests.Fuzz;

/// <summary>One broken invariant of the CLI fuzz run, traced to a unit and to the mutation that caused it.</summary>
/// <param name="Input">The input file.</param>
/// <param name="Seed">The run's seed (each mutation uses Seed × 10000 + unit).</param>
/// <param name="Unit">The unit whose outcome is wrong.</param>
/// <param name="Class">lost, changed, double-count, dead-lettered:REASON, accepted-should-reject, vague-message, input-failed, exit-code.</param>
/// <param name="Culprit">The mutated unit (the unit itself, or the nearest mutated unit before it in the same input).</param>
/// <param name="Recipe">The culprit's recipe.</param>
/// <param name="Mutation">The culprit's mutation.</param>
/// <param name="Observed">What the outputs show.</param>
/// <param name="InputFailure">The run summary's FAILED text for this input, when the input stopped early (else null).</param>
internal sealed record CliFuzzFailure(string Input, int Seed, int Unit, string Class, int Culprit, CliRecipe? Recipe, Mutation? Mutation,
    string Observed, string? InputFailure)
{
    /// <summary>Whether the failing unit is the mutated one (not a neighbour).</summary>
    public bool OnMutatedUnit => Unit == Culprit;

    public override string ToString() =>
        $"[{Input} seed {Seed} unit {Unit}] {Class} after unit {Culprit} '{Recipe?.Name}' {Mutation} → {Observed}"
        + (InputFailure is null ? "" : " (input " + InputFailure + ")");
}
