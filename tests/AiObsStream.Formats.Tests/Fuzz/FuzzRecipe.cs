using AiObsStream.TestKit.Fuzz;

namespace AiObsStream.Formats.Tests.Fuzz;

/// <summary>One mutation applied to a unit, and what a correct parser must do with the result.</summary>
/// <param name="Name">Shown in failure reports.</param>
/// <param name="Expect">The oracle's rule.</param>
/// <param name="Apply">Makes the mutated unit (null when the unit has no such target).</param>
internal sealed record FuzzRecipe(string Name, Expectation Expect, Func<Mutator, byte[], Mutation?> Apply)
{
    public override string ToString() => Name;
}
