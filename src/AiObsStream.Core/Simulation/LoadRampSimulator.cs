using System.Globalization;

namespace AiObsStream.Core.Simulation;

/// <summary>
/// Days of chat-prod GPU telemetry at a sparse scrape interval, so that forecasting (which needs a day of hourly
/// history) can be scored cheaply: the <c>load-ramp</c> scenario and its healthy controls.
/// </summary>
/// <remarks>
/// <para>The generating curve of both chat-prod GPUs (aks-gpu-0 GPUs 0 and 1): utilization = 20 % (serving overhead) +
/// a load term, the load being half its peak at night and following the daily cycle <c>c(t) = ½ − ½·cos(2π(h − 2)/24)</c>
/// (h the UTC hour of day: lowest at 02:00, highest at 14:00), <c>d</c> the days since the start:</para>
/// <list type="bullet">
/// <item><term>ramp</term><description><c>u(t) = 20 + K₀·(1 + g·d)·(½ + ½·c(t))</c>: the load grows by the same amount
/// every day (night and day); the daily peak grows by Δ = K₀·g, 9–11 points a day by seed, from 85–87 % on day 3 (below
/// the threshold) to 94–98 % on day 4 (K₀ and g follow: a day-0 peak of 52–60 %).</description></item>
/// <item><term>seasonal</term><description>the same daily cycle without growth, peaking at 75–84 % by seed.</description></item>
/// <item><term>flat</term><description><c>u(t) = L</c> with L in [60, 75] by seed.</description></item>
/// </list>
/// <para>Each scrape adds AR(1) noise per GPU (φ 0.8, innovations σ 1.2: stationary σ 2 points) and rounds to a whole
/// percent (dcgm-exporter's integer field). Truth of a ramp: cause capacity on chat-prod and aks-gpu-0 from the first
/// minute the noise-free curve reaches <see cref="LoadRampOptions.Threshold"/> to the first minute after it falls back
/// below it (about 11:00–17:00 of day 4), with <see cref="LeadAllowance"/>: the forecast alert is meant to come before it.
/// No requests are generated (the GPUs' pod names give the deployment).</para>
/// </remarks>
public static class LoadRampSimulator
{
    /// <summary>Default run length: to day 4, 20:00 (the ramp's saturation and its end are in the run).</summary>
    public const int DefaultHours = (24 * 4) + 20;

    /// <summary>How long before the truth start a capacity incident counts as the prediction of it: the forecast horizon (6 h) and an hour of slack.</summary>
    public static readonly TimeSpan LeadAllowance = TimeSpan.FromHours(7);

    private const long MinuteMs = 60_000;
    private const long DayMs = 86_400_000;
    private const double Base = 20;
    private const double Phi = 0.8;
    private const double Innovation = 1.2;

    /// <summary>The GPUs generated: chat-prod's two on aks-gpu-0.</summary>
    private static readonly int[] Gpus = [0, 1];

    /// <summary>Generates the run: GPU scrapes sorted by time then GPU, and the truth.</summary>
    /// <param name="options">What to generate.</param>
    /// <returns>The scrapes (no requests, evaluations or accesses) and the ground truth.</returns>
    public static SimulationResult Generate(LoadRampOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var curve = Curve.Of(options);
        var random = new SimRandom(unchecked((options.Seed * 7919) + 104_729));
        long start = options.Start.ToUnixTimeMilliseconds();
        long end = start + (options.Hours * 60 * MinuteMs);
        long step = (long)options.ScrapeInterval.TotalMilliseconds;
        var noise = new double[Gpus.Length];
        var energy = new long[Gpus.Length];
        var samples = new List<SimGpuSample>((int)((end - start) / step) * Gpus.Length);
        for (long t = start; t < end; t += step)
        {
            double u = curve.At(t);
            for (int i = 0; i < Gpus.Length; i++)
            {
                noise[i] = (Phi * noise[i]) + (Innovation * random.Normal());
                int util = (int)Math.Clamp(Math.Round(u + noise[i]), 0, 100);
                double power = 120 + (5.8 * util);
                energy[i] += (long)(power * step); // W × ms = mJ
                samples.Add(new SimGpuSample(t, Gpus[i], util, (int)Math.Round(util * 0.6), (int)SimFleet.Gpus[Gpus[i]].FbUsedMiB,
                    45 + (util / 4), power, 1980, energy[i]));
            }
        }

        var incidents = new List<GroundTruthIncident>();
        if (options.Shape == LoadRampShape.Ramp && Crossing(curve, options.Threshold, start, end) is { } crossing)
        {
            int minute = (int)((crossing.Start - start) / MinuteMs);
            incidents.Add(new GroundTruthIncident(IncidentKind.LoadRamp, "load-ramp@" + minute.ToString(CultureInfo.InvariantCulture),
                crossing.Start, crossing.End, SimFleet.ChatProd, string.Empty,
                string.Create(CultureInfo.InvariantCulture, $"chat-prod GPU utilization (noise-free curve) at or above {options.Threshold:0.#} % (peak {curve.At(crossing.Start - (crossing.Start % DayMs) + (14 * 3_600_000)):0.#} %), its daily peak grown {curve.DailyGrowth:0.0} points a day"),
                ["forecast-gpu-saturated"])
            {
                Cause = Incidents.IncidentCause.Capacity,
                Hosts = [SimFleet.Gpus[Gpus[0]].Host],
            });
        }

        var truth = new GroundTruth(start, end, options.Seed, end, incidents);
        return new SimulationResult([], [], samples, truth);
    }

    /// <summary>The noise-free utilization (%) of the run at <paramref name="unixMs"/>.</summary>
    /// <param name="options">The run.</param>
    /// <param name="unixMs">The time.</param>
    /// <returns>The generating curve's value.</returns>
    public static double Utilization(LoadRampOptions options, long unixMs)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Curve.Of(options).At(unixMs);
    }

    /// <summary>First minute at or above the threshold and the first minute after it below it (or the run's end).</summary>
    private static (long Start, long End)? Crossing(Curve curve, double threshold, long start, long end)
    {
        for (long t = start; t < end; t += MinuteMs)
        {
            if (curve.At(t) >= threshold)
            {
                long back = t + MinuteMs;
                while (back < end && curve.At(back) >= threshold)
                {
                    back += MinuteMs;
                }

                return (t, back);
            }
        }

        return null;
    }

    /// <summary>The generating curve of one run (its seed's draws).</summary>
    private sealed record Curve(LoadRampShape Shape, long StartMs, double Amplitude, double Growth, double Level)
    {
        /// <summary>Points a day the daily peak grows by.</summary>
        public double DailyGrowth => Amplitude * Growth;

        public static Curve Of(LoadRampOptions o)
        {
            var r = new SimRandom(unchecked((o.Seed * 31) + 17));
            double a = r.Uniform();
            double b = r.Uniform();
            long start = o.Start.ToUnixTimeMilliseconds();
            return o.Shape switch
            {
                LoadRampShape.Ramp => Ramp(start, 9 + (2 * a), 87 - (2 * b)),
                LoadRampShape.Seasonal => new Curve(o.Shape, start, 75 + (9 * a) - Base, 0, 0),
                _ => new Curve(o.Shape, start, 0, 0, 60 + (15 * a)),
            };
        }

        /// <summary>A ramp whose daily peak (14:00, days counted from the start) grows by <paramref name="delta"/> a day and is <paramref name="peakDay3"/> on day 3.</summary>
        private static Curve Ramp(long start, double delta, double peakDay3)
        {
            double k0 = peakDay3 - Base - (delta * (3 + (14 / 24.0)));
            return new(LoadRampShape.Ramp, start, k0, delta / k0, 0);
        }

        public double At(long unixMs)
        {
            if (Shape == LoadRampShape.Flat)
            {
                return Level;
            }

            double hour = (double)(((unixMs % DayMs) + DayMs) % DayMs) / 3_600_000;
            double cycle = 0.5 - (0.5 * Math.Cos(2 * Math.PI * (hour - 2) / 24));
            double days = (double)(unixMs - StartMs) / DayMs;
            return Base + (Amplitude * (1 + (Growth * days)) * (0.5 + (0.5 * cycle)));
        }
    }
}
