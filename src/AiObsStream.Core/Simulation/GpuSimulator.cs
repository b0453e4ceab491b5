namespace AiObsStream.Core.Simulation;

/// <summary>
/// GPU scrapes tied to load: per interval, the decode-weighted tokens of the GPU's deployment drive utilization;
/// power follows utilization; temperature relaxes towards a utilization-dependent target; the SM clock throttles above 80 °C.
/// GPU incidents (<see cref="IncidentCatalog"/>) override the drawn values of their GPU after the draws, so an incident
/// never shifts the random draws of the other GPUs.
/// </summary>
internal static class GpuSimulator
{
    private const double DecodeWeight = 8;

    public static List<SimGpuSample> Generate(SimulationOptions options, IncidentTimeline timeline, IReadOnlyList<SimRequest> requests)
    {
        var gpus = SimFleet.Gpus;
        var random = new SimRandom(unchecked((options.Seed * 1_000_003) + 104_729));
        long intervalMs = (long)options.ScrapeInterval.TotalMilliseconds;
        long epochTicks = options.Start.UtcTicks;
        var nominal = NominalWork(options, intervalMs);
        var work = new double[SimFleet.Deployments.Count];
        var temp = new double[gpus.Count];
        var energy = new double[gpus.Count];
        for (int g = 0; g < gpus.Count; g++)
        {
            energy[g] = 4_188_203_911.0 + (g * 977_000_000.0);
        }

        var samples = new List<SimGpuSample>();
        var network = options.Incidents.Any(i => IncidentCatalog.IsNetwork(i.Kind)) ? new NetworkSimulator(options, gpus.Count) : null;
        int next = 0;
        for (long t = timeline.StartMs + intervalMs; t <= timeline.EndMs; t += intervalMs)
        {
            Array.Clear(work);
            long limitTicks = epochTicks + ((t - timeline.StartMs) * TimeSpan.TicksPerMillisecond);
            for (; next < requests.Count && requests[next].EndTicks <= limitTicks; next++)
            {
                var r = requests[next];
                work[r.Deployment] += r.PromptTokens + (DecodeWeight * r.CompletionTokens);
            }

            for (int g = 0; g < gpus.Count; g++)
            {
                int d = gpus[g].Deployment;
                double load = work[d] / nominal[d];
                var sample = Sample(t, g, load, timeline, random, temp, energy, intervalMs);
                samples.Add(network is null ? sample : sample with { Network = network.Next(t, g, load, timeline, intervalMs) });
            }
        }

        return samples;
    }

    private static SimGpuSample Sample(long t, int g, double load, IncidentTimeline timeline, SimRandom random,
        double[] temp, double[] energy, long intervalMs)
    {
        double util = Math.Clamp(22 + (45 * load) + (3 * random.Normal()), 0, 100);
        double power = 70 + (5.6 * util) + (8 * random.Normal());
        double target = 30 + (0.4 * util);
        double hot = g == SimFleet.ThermalGpu ? timeline.ActiveFor(IncidentKind.GpuThermal, t) : -1;
        if (hot >= 0)
        {
            target += 30 * Math.Min(1.0, hot / 120.0);
            power = Math.Min(power, 450);
        }

        temp[g] = temp[g] == 0 ? target : temp[g] + ((target - temp[g]) * 0.25) + (0.3 * random.Normal());
        double clock = temp[g] > 80 ? Math.Max(1200, 1980 - ((temp[g] - 80) * 100)) : 1980;
        double fb = SimFleet.Gpus[g].FbUsedMiB + (200 * random.Normal());
        double memCopy = Math.Clamp(Math.Round((util * 0.35) + (2 * random.Normal())), 0, 100);
        if (g == IncidentCatalog.MemoryGpu && timeline.ActiveFor(IncidentKind.GpuMemory, t) is var filling and >= 0)
        {
            // The KV cache grows within 30 s to the drawn peak and stays there (a quarter of the usual noise, so it stays above 95 %).
            double baseFb = SimFleet.Gpus[g].FbUsedMiB;
            double peak = timeline.Magnitude(IncidentKind.GpuMemory, t) * SimFleet.FbTotalMiB;
            fb = Math.Min(SimFleet.FbTotalMiB - 64, baseFb + ((peak - baseFb) * Math.Min(1.0, filling / 30.0)) + ((fb - baseFb) * 0.25));
        }

        if (g == IncidentCatalog.IdleGpu && timeline.Active(IncidentKind.GpuIdle, t))
        {
            // Allocated, no work (load is 0, so util is 22 + noise): utilization 0-3 %, no copies, power near the idle draw.
            double utilNoise = util - 22;
            double powerNoise = power - 70 - (5.6 * util);
            util = Math.Clamp(1 + (0.2 * utilNoise), 0, 3);
            memCopy = 0;
            power = 62 + (0.25 * powerNoise);
        }

        energy[g] += power * intervalMs;
        bool ecc = g == IncidentCatalog.EccGpu && t >= timeline.StartOf(IncidentKind.GpuEcc);
        return new SimGpuSample(t, g, (int)Math.Round(util), (int)memCopy,
            (int)Math.Round(fb), (int)Math.Round(temp[g]), Math.Round(power, 3), (int)(Math.Round(clock / 15) * 15), (long)energy[g])
        {
            EccDbe = ecc ? 1 : 0,
            Xid = ecc ? 48 : 0,
        };
    }

    /// <summary>Expected decode-weighted tokens of a deployment per interval (its GPUs share them equally) at the base rate (lognormal mean = median·e^(σ²/2)).</summary>
    private static double[] NominalWork(SimulationOptions options, long intervalMs)
    {
        var deployments = SimFleet.Deployments;
        var nominal = new double[deployments.Count];
        for (int d = 0; d < deployments.Count; d++)
        {
            var p = deployments[d];
            double tokens = (p.PromptMedian * Math.Exp(0.32)) + (DecodeWeight * p.CompletionMedian * Math.Exp(0.125));
            nominal[d] = Math.Max(1, p.RatePerSecond * options.RateScale * intervalMs / 1000.0 * tokens);
        }

        return nominal;
    }
}
