namespace AiObsStream.Core.Simulation;

/// <summary>What a <see cref="LoadRampSimulator"/> run generates.</summary>
public sealed record LoadRampOptions
{
    /// <summary>Start of the run (UTC, whole hours).</summary>
    public DateTimeOffset Start { get; init; } = SimulationOptions.DefaultStart;

    /// <summary>Random seed: picks the load's size and growth and draws the noise.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Ramp (truth: capacity), flat or seasonal (healthy).</summary>
    public LoadRampShape Shape { get; init; } = LoadRampShape.Ramp;

    /// <summary>Hours simulated (30 to 336); the ramp saturates at day 4, so a ramp run needs at least 114 hours to see it.</summary>
    public int Hours { get; init; } = LoadRampSimulator.DefaultHours;

    /// <summary>Interval between dcgm-exporter scrapes (1 to 15 minutes): sparse, so days of history stay cheap.</summary>
    public TimeSpan ScrapeInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The saturation threshold (%) whose first crossing by the generating curve is the truth start (the <c>gpu-saturated</c> warning).</summary>
    public double Threshold { get; init; } = 90;

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Hours, 30);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Hours, 336);
        ArgumentOutOfRangeException.ThrowIfLessThan(ScrapeInterval, TimeSpan.FromMinutes(1));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ScrapeInterval, TimeSpan.FromMinutes(15));
        if (!(Threshold is > 50 and < 100))
        {
            throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "The threshold must be in (50, 100).");
        }

        if (Start.Ticks % TimeSpan.TicksPerHour != 0 || Start.Offset != TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Start), Start, "The start must be a whole UTC hour.");
        }
    }
}
