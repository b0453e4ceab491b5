using AiObsStream.TestKit.Fuzz;

namespace AiObsStream.Formats.Tests.Fuzz;

/// <summary>One broken invariant: where (family, parser path, seed, unit), what was done, and what the parser did.</summary>
/// <param name="Family">The corpus / parser family.</param>
/// <param name="Target">The parser path (for example "fast", "exact", "lines").</param>
/// <param name="Seed">The mutator seed that reproduces the case.</param>
/// <param name="Unit">Index of the mutated unit (or of the neighbour that changed).</param>
/// <param name="Recipe">The recipe applied.</param>
/// <param name="Mutation">What was done.</param>
/// <param name="Class">The broken invariant: throws:TYPE, neighbour-changed, vague-message, accepted-should-reject, ...</param>
/// <param name="Observed">What the parser did.</param>
internal sealed record FuzzFailure(string Family, string Target, int Seed, int Unit, FuzzRecipe Recipe, Mutation Mutation, string Class, string Observed)
{
    public override string ToString() =>
        $"[{Family}/{Target} seed {Seed} unit {Unit}] {Class}: {Recipe.Name}: {Mutation} → {Observed}";
}
