namespace AiObsStream.Core.Forecasting;

/// <summary>Load and utilization forecasting, scale recommendations and the forecast saturation alert.</summary>
public sealed record ForecastOptions
{
    /// <summary>Forecast at all (rows appear only once a series has <see cref="MinHistory"/> of hourly history).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>How far ahead each forecast reaches, in whole hours (one row per hour ahead).</summary>
    public TimeSpan Horizon { get; init; } = TimeSpan.FromHours(6);

    /// <summary>Hourly history needed before a series is forecast (one day: the daily cycle seen once).</summary>
    public TimeSpan MinHistory { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Hourly history kept per series (four weeks: the weekly terms see four cycles). Bounds the state: 672 points.</summary>
    public TimeSpan MaxHistory { get; init; } = TimeSpan.FromDays(28);

    /// <summary>Central coverage of the prediction intervals.</summary>
    public double IntervalLevel { get; init; } = 0.9;

    /// <summary>Forecast every GPU's utilization, not only each deployment's mean (one series per GPU).</summary>
    public bool PerGpu { get; init; } = true;

    /// <summary>
    /// The GPU utilization (%) the forecast alert compares with: the warning threshold of the <c>gpu-saturated</c> rule
    /// in force (the graph sets it from the rules; 90 by default).
    /// </summary>
    public double SaturationThreshold { get; init; } = 90;

    /// <summary>
    /// Per-deployment saturation thresholds that replace <see cref="SaturationThreshold"/>: the <c>gpu-saturated</c>
    /// rule's <c>overrides.&lt;deployment&gt;.warning</c> (the graph sets them); +∞ where the override turns the rule off,
    /// so that deployment never gets the forecast alert.
    /// </summary>
    public IReadOnlyDictionary<string, double> SaturationByDeployment { get; init; } = System.Collections.Immutable.ImmutableDictionary<string, double>.Empty;

    /// <summary>
    /// Utilization (%) a GPU should run at the forecast peak: the capacity per GPU is the load that brings one GPU to
    /// this utilization (below the saturation threshold, leaving headroom for the forecast's error).
    /// </summary>
    public double TargetUtilization { get; init; } = 75;

    /// <summary>
    /// Latency p95 (ms) at or under which an hour's throughput counts as served "at acceptable latency" for the
    /// capacity per GPU: the <c>latency-p95</c> rule's warning threshold (1000 ms by default).
    /// </summary>
    public double AcceptableLatencyP95Ms { get; init; } = 1000;

    /// <summary>Checks every field.</summary>
    /// <exception cref="ArgumentException">A field is out of range.</exception>
    public void Validate()
    {
        if (Horizon < TimeSpan.FromHours(1) || Horizon > TimeSpan.FromHours(48) || Horizon.Ticks % TimeSpan.TicksPerHour != 0)
        {
            throw new ArgumentException($"forecast.horizon must be whole hours from 1 to 48 (got {Horizon})");
        }

        if (MinHistory < TimeSpan.FromDays(1))
        {
            throw new ArgumentException($"forecast.minHistory must be >= 1 day (got {MinHistory})");
        }

        if (MaxHistory < MinHistory || MaxHistory > TimeSpan.FromDays(56))
        {
            throw new ArgumentException($"forecast.maxHistory must be from minHistory ({MinHistory}) to 56 days (got {MaxHistory})");
        }

        if (!(IntervalLevel is > 0 and < 1))
        {
            throw new ArgumentException($"forecast.intervalLevel must be in (0, 1) (got {IntervalLevel})");
        }

        if (!(TargetUtilization is > 0 and <= 100))
        {
            throw new ArgumentException($"forecast.targetUtilization must be in (0, 100] % (got {TargetUtilization})");
        }

        if (!(SaturationThreshold is > 0 and <= 100) || !(AcceptableLatencyP95Ms > 0))
        {
            throw new ArgumentException("forecast: the saturation threshold (gpu-saturated warning) must be in (0, 100] % and the acceptable latency p95 (latency-p95 warning) > 0");
        }

        foreach (var (deployment, threshold) in SaturationByDeployment)
        {
            if (!(threshold is > 0 and <= 100) && !double.IsPositiveInfinity(threshold))
            {
                throw new ArgumentException($"forecast: the saturation threshold of deployment '{deployment}' (rules.gpu-saturated.overrides.{deployment}.warning) must be in (0, 100] % (got {threshold})");
            }
        }
    }

    /// <summary>The saturation threshold of <paramref name="deployment"/>: its override, else the global one.</summary>
    internal double SaturationFor(string deployment) =>
        SaturationByDeployment.TryGetValue(deployment, out var threshold) ? threshold : SaturationThreshold;

    internal int HorizonHours => (int)(Horizon.Ticks / TimeSpan.TicksPerHour);

    internal int MinHours => (int)Math.Ceiling(MinHistory.TotalHours);

    internal int MaxHours => (int)Math.Ceiling(MaxHistory.TotalHours);
}
