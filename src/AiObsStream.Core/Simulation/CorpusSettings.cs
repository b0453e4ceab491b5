namespace AiObsStream.Core.Simulation;

/// <summary>The size of the labelled incident corpus (<see cref="IncidentCorpus"/>).</summary>
public sealed record CorpusSettings
{
    /// <summary>The first seed; seeds run from it upwards.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Number of seeds (1 to 200): every scenario family is built once per seed.</summary>
    public int Seeds { get; init; } = 3;

    /// <summary>Length of incident runs in minutes (10 to 1440); a run is lengthened when its incident needs more tail.</summary>
    public int Minutes { get; init; } = 30;

    /// <summary>Length of the healthy runs (no incident) in minutes (10 to 1440).</summary>
    public int HealthyMinutes { get; init; } = 60;

    /// <summary>Load levels (<see cref="SimulationOptions.RateScale"/>) the scenarios cycle through.</summary>
    public IReadOnlyList<double> RateScales { get; init; } = [0.5, 1.0, 3.0];

    /// <summary>The CI-sized corpus: one seed, 20-minute runs at half load, 30 healthy minutes.</summary>
    public static CorpusSettings Ci { get; } = new() { Seeds = 1, Minutes = 20, HealthyMinutes = 30, RateScales = [0.5] };

    /// <summary>The quick corpus: two seeds, 20-minute runs at half and nominal load, 30 healthy minutes.</summary>
    public static CorpusSettings Quick { get; } = new() { Seeds = 2, Minutes = 20, HealthyMinutes = 30, RateScales = [0.5, 1.0] };

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Seeds, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Seeds, 200);
        ArgumentOutOfRangeException.ThrowIfLessThan(Minutes, 10);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Minutes, 1440);
        ArgumentOutOfRangeException.ThrowIfLessThan(HealthyMinutes, 10);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(HealthyMinutes, 1440);
        ArgumentOutOfRangeException.ThrowIfZero(RateScales.Count, nameof(RateScales));
        foreach (var r in RateScales)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(r, 0.05, nameof(RateScales));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(r, 20.0, nameof(RateScales));
        }
    }
}
