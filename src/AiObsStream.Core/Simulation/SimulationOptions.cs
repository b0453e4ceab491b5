namespace AiObsStream.Core.Simulation;

/// <summary>What to simulate.</summary>
public sealed record SimulationOptions
{
    /// <summary>The default start: 2026-11-22T00:00:00Z (the simulator never reads the clock).</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Start of the run (UTC).</summary>
    public DateTimeOffset Start { get; init; } = DefaultStart;

    /// <summary>Length of the run in minutes (1 to 1440).</summary>
    public int Minutes { get; init; } = 30;

    /// <summary>Random seed; the same seed and options give the same output.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Multiplies every deployment's request rate (0.05 to 20), to make small test runs or heavy ones.</summary>
    public double RateScale { get; init; } = 1.0;

    /// <summary>Log-space sigma of chat TTFT (lognormal, 0.05 to 1.5); wider distributions have longer tails at the same median.</summary>
    public double LatencySigma { get; init; } = 0.3;

    /// <summary>One lognormal mode or a slow/fast mixture.</summary>
    public LatencyShape Shape { get; init; } = LatencyShape.LogNormal;

    /// <summary>Share of chat calls in the slow mode when <see cref="Shape"/> is <see cref="LatencyShape.Bimodal"/> (0 to 0.5).</summary>
    public double SlowShare { get; init; } = 0.1;

    /// <summary>How much slower the slow mode is, on TTFT and per output token (1 to 10).</summary>
    public double SlowFactor { get; init; } = 1.8;

    /// <summary>Interval between dcgm-exporter scrapes.</summary>
    public TimeSpan ScrapeInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Share of successful chat responses that get online evaluations.</summary>
    public double EvaluationShare { get; init; } = 0.2;

    /// <summary>Share of chat prompts the content filter rejects in every minute of the run (0 to 0.05; completions cut:
    /// half of it). 0 simulates no content filtering, except in runs with content-filter-jump, which use
    /// <see cref="IncidentCatalog.ContentFilterBaseShare"/>.</summary>
    public double ContentFilterBaseShare { get; init; }

    /// <summary>Incidents to inject.</summary>
    public IReadOnlyList<IncidentSpec> Incidents { get; init; } = [];

    /// <summary>Throws when an option is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Minutes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Minutes, 1440);
        ArgumentOutOfRangeException.ThrowIfLessThan(RateScale, 0.05);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(RateScale, 20.0);
        ArgumentOutOfRangeException.ThrowIfLessThan(LatencySigma, 0.05);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(LatencySigma, 1.5);
        ArgumentOutOfRangeException.ThrowIfLessThan(SlowShare, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(SlowShare, 0.5);
        ArgumentOutOfRangeException.ThrowIfLessThan(SlowFactor, 1.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(SlowFactor, 10.0);
        ArgumentOutOfRangeException.ThrowIfLessThan(ScrapeInterval, TimeSpan.FromSeconds(1));
        ArgumentOutOfRangeException.ThrowIfLessThan(EvaluationShare, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(EvaluationShare, 1.0);
        ArgumentOutOfRangeException.ThrowIfLessThan(ContentFilterBaseShare, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ContentFilterBaseShare, 0.05);
        foreach (var incident in Incidents)
        {
            if (incident.StartMinute < 0 || incident.StartMinute >= Minutes)
            {
                throw new ArgumentOutOfRangeException(nameof(Incidents), incident.ToString(), $"Incident minute must lie in [0, {Minutes - 1}].");
            }
        }
    }
}
