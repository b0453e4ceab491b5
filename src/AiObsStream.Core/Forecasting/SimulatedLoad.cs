namespace AiObsStream.Core.Forecasting;

/// <summary>
/// Simulated weeks of hourly load for measuring forecast error: requests per minute with a business-day shape
/// (night trough, morning ramp, afternoon peak), a weekend dip, a slow trend and autocorrelated multiplicative
/// noise, and the GPU utilization that load drives. Deterministic per seed.
/// </summary>
/// <remarks>
/// Per seed: base load 200-800 RPM; peak hour 13-16 UTC; weekend factor 0.45-0.7; trend 0-6 % a week; log-noise
/// AR(1) with φ 0.5 and σ 0.06-0.12 (hours move together, as real traffic does); one-hour bursts of ×1.5-2.5 with
/// probability 1 % an hour (releases, batch jobs: the forecast should not chase them). Utilization =
/// 8 + 80 × load / the week's peak load + AR(1) noise (σ 2 points), clamped to [0, 100].
/// </remarks>
public static class SimulatedLoad
{
    /// <summary>Hourly requests per minute and GPU utilization (%) for <paramref name="hours"/> hours from <paramref name="startHour"/>.</summary>
    public static (double[] Rpm, double[] GpuUtil) Generate(int seed, long startHour, int hours)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hours, 1);
        var rng = new Random(seed);
        var baseRpm = 200 + (600 * rng.NextDouble());
        var peakHour = 13 + (3 * rng.NextDouble());
        var weekend = 0.45 + (0.25 * rng.NextDouble());
        var trendPerWeek = 0.06 * rng.NextDouble();
        var sigma = 0.06 + (0.06 * rng.NextDouble());
        var rpm = new double[hours];
        var util = new double[hours];
        double noise = 0, utilNoise = 0;
        for (var i = 0; i < hours; i++)
        {
            var hour = startHour + i;
            var hourOfDay = hour % 24;
            var dayOfWeek = (int)(((hour / 24) + 4) % 7); // 1970-01-01 was a Thursday: 0 = Sunday
            var distance = Math.Min(Math.Abs(hourOfDay - peakHour), 24 - Math.Abs(hourOfDay - peakHour));
            var daily = 0.25 + (0.75 * Math.Exp(-(distance * distance) / (2 * 3.5 * 3.5)));
            var week = dayOfWeek is 0 or 6 ? weekend : 1;
            noise = (0.5 * noise) + (sigma * Math.Sqrt(1 - 0.25) * Normal(rng));
            var burst = rng.NextDouble() < 0.01 ? 1.5 + rng.NextDouble() : 1;
            rpm[i] = baseRpm * daily * week * (1 + (trendPerWeek * i / 168)) * Math.Exp(noise) * burst;
        }

        var peak = 0.0;
        foreach (var v in rpm)
        {
            peak = Math.Max(peak, v);
        }

        for (var i = 0; i < hours; i++)
        {
            utilNoise = (0.5 * utilNoise) + (2 * Normal(rng));
            util[i] = Math.Clamp(8 + (80 * rpm[i] / peak) + utilNoise, 0, 100);
        }

        return (rpm, util);
    }

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
