using System.Globalization;
using AiObsStream.Core.Simulation;

namespace AiObsStream.Formats.Simulation;

/// <summary>
/// The forecast corpus of <c>aiobs eval incidents</c>: per seed a <c>load-ramp</c> run (truth: capacity, predicted ahead)
/// and two healthy multi-day runs, flat and seasonal (<see cref="LoadRampSimulator"/>). Each run is days of GPU scrapes
/// only (dcgm.prom), every 5 minutes.
/// </summary>
/// <param name="seed">First seed.</param>
/// <param name="seeds">Number of seeds.</param>
public sealed class LoadRampCorpusSource(int seed, int seeds) : ICorpusSource
{
    /// <inheritdoc/>
    public string Name => "forecast";

    /// <inheritdoc/>
    public IReadOnlyList<CorpusCase> Cases()
    {
        var cases = new List<CorpusCase>();
        for (int s = seed; s < seed + seeds; s++)
        {
            foreach (var shape in new[] { LoadRampShape.Ramp, LoadRampShape.Flat, LoadRampShape.Seasonal })
            {
                var options = new LoadRampOptions { Seed = s, Shape = shape };
                string name = string.Create(CultureInfo.InvariantCulture, $"s{s}-load-{shape.ToString().ToLowerInvariant()}");
                string group = shape == LoadRampShape.Ramp ? "single" : "healthy";
                cases.Add(new CorpusCase(name, group, dir =>
                {
                    var result = LoadRampSimulator.Generate(options);
                    var inputs = SimulationWriter.WriteAll(dir, result);
                    return new PreparedCase([.. inputs.Where(i => i.EndsWith(SimulationWriter.DcgmFile, StringComparison.Ordinal))],
                        IncidentCorpus.Truth(name, result.Truth));
                }));
            }
        }

        return cases;
    }
}
