using AiObsStream.Core.Simulation;

namespace AiObsStream.Formats.Simulation;

/// <summary>The simulator corpus (<see cref="IncidentCorpus"/>): each case generates its run and writes it as files.</summary>
/// <param name="settings">The corpus size.</param>
public sealed class SimulatedCorpusSource(CorpusSettings settings) : ICorpusSource
{
    /// <inheritdoc/>
    public string Name => "simulator";

    /// <inheritdoc/>
    public IReadOnlyList<CorpusCase> Cases()
    {
        var cases = new List<CorpusCase>();
        foreach (var scenario in IncidentCorpus.Build(settings))
        {
            cases.Add(new CorpusCase(scenario.Name, scenario.Group, dir =>
            {
                var result = TrafficSimulator.Generate(scenario.Options);
                var inputs = SimulationWriter.WriteAll(dir, result);
                return new PreparedCase(inputs, IncidentCorpus.Truth(scenario.Name, result.Truth));
            }));
        }

        return cases;
    }
}
