using System.Globalization;
using System.Text;
using AiObsStream.TestKit.Fuzz;
using Xunit.Abstractions;

namespace AiObsStream.Formats.Tests.Fuzz;

/// <summary>
/// Mutation fuzz over every parser (issue #10 §7): deterministic seeds, each case one hostile unit among clean ones,
/// judged by <see cref="FuzzOracle"/> against the clean run. Set AIOBS_FUZZ_DUMP=DIR to write each failing unit there.
/// </summary>
public sealed class ParserFuzzTests(ITestOutputHelper output)
{
    public static TheoryData<string> Families => [.. FuzzFamily.Names];

    [Theory]
    [MemberData(nameof(Families))]
    public void TryParse_MutatedUnits_NeverStopsLosesOrDoubleCounts(string name)
    {
        var family = FuzzFamily.Get(name);
        var clean = family.Targets.Select(t => t.Target.Run(family.Units)).ToArray();
        foreach (var run in clean)
        {
            Assert.All(run, o => Assert.Null(o.Thrown));
            Assert.Contains(run, o => o.Events.Length > 0);
        }

        var failures = new List<FuzzFailure>();
        var applied = new HashSet<string>(StringComparer.Ordinal);
        var executed = 0;
        for (var i = 0; i < family.Cases; i++)
        {
            var seed = family.Seed + i;
            var recipe = family.Recipes[i % family.Recipes.Count];
            var mutator = new Mutator(seed);
            if (Mutate(family, recipe, mutator) is not var (unit, mutation))
            {
                continue;
            }

            executed++;
            applied.Add(recipe.Name);
            var units = family.Units.ToList();
            units[unit] = mutation.Bytes;
            for (var t = 0; t < family.Targets.Length; t++)
            {
                var run = family.Targets[t].Target.Run(units);
                foreach (var (at, cls, observed) in FuzzOracle.Check(clean[t], run, unit, recipe.Expect))
                {
                    failures.Add(new FuzzFailure(name, family.Targets[t].Name, seed, at, recipe, mutation, cls, observed));
                }
            }
        }

        Report(failures);
        Assert.True(executed >= family.Cases * 3 / 4, $"only {executed} of {family.Cases} cases found a target");
        Assert.Equal(family.Recipes.Select(r => r.Name).Distinct().Order(), applied.Order());
        var unexpected = failures.Where(f => KnownOpenDefects.Match(f) is null).ToList();
        Assert.True(unexpected.Count == 0, $"{unexpected.Count} failures outside KnownOpenDefects:\n" + string.Join('\n', unexpected.Take(20)));
    }

    /// <summary>Picks a unit the recipe applies to (the mutator's seed decides which) and mutates it.</summary>
    private static (int Unit, Mutation Mutation)? Mutate(FuzzFamily family, FuzzRecipe recipe, Mutator mutator)
    {
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var unit = mutator.Choose(Enumerable.Range(0, family.Units.Count).ToArray());
            if (recipe.Apply(mutator, family.Units[unit]) is { } mutation)
            {
                return (unit, mutation);
            }
        }

        return null;
    }

    private void Report(List<FuzzFailure> failures)
    {
        var dump = Environment.GetEnvironmentVariable("AIOBS_FUZZ_DUMP");
        foreach (var group in failures.GroupBy(f => (f.Class, f.Recipe.Name, Known: KnownOpenDefects.Match(f)?.Id)))
        {
            var first = group.First();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{group.Count(),4} × {group.Key.Class} on '{group.Key.Name}' [{group.Key.Known ?? "NOT KNOWN"}], e.g. {first}"));
            if (!string.IsNullOrEmpty(dump))
            {
                Directory.CreateDirectory(dump);
                var file = Path.Combine(dump, string.Create(CultureInfo.InvariantCulture, $"{first.Family}-{first.Target}-seed{first.Seed}-unit{first.Unit}.bin"));
                File.WriteAllBytes(file, first.Mutation.Bytes.Length <= 64 * 1024 ? first.Mutation.Bytes : Encoding.UTF8.GetBytes(first.ToString()));
            }
        }
    }
}
