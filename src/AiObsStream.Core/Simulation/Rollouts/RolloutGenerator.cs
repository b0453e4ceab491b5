using MathNet.Numerics.Distributions;

namespace AiObsStream.Core.Simulation.Rollouts;

/// <summary>
/// Generates the request streams of a <see cref="RolloutScenario"/> as <see cref="SimRequest"/>s, which
/// <c>AiObsStream.Formats.Simulation.SimulationWriter.WriteAll(directory, result)</c> writes as the engine's real inputs
/// (Azure OpenAI RequestResponse logs and App Insights dependencies with TTFT). Pure and deterministic: the output
/// depends only on the scenario (no clock, no I/O).
/// </summary>
/// <remarks>
/// Arrivals are Poisson at the scenario's rate × (1 + 0.25 sin) over an hour (diurnal-ish drift, random phase) × a
/// per-minute lognormal noise (σ 0.1). Baseline errors: 0.2 % HTTP 500. Completion tokens follow the generation time
/// (about 8 ms per token), prompt tokens are lognormal (median 330, σ 0.6).
/// </remarks>
public static class RolloutGenerator
{
    private const double MinuteMs = 60_000;
    private const double BurstFactor = 3.0;
    private const double BurstSlowdown = 1.8;

    /// <summary>Generates the scenario's streams (sorted by end time) and its ground truth.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <returns>Requests of chat-prod (and chat-mini for a shared GPU); no evaluations and no GPU scrapes.</returns>
    public static SimulationResult Generate(RolloutScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        scenario.Validate();
        var lengthMs = scenario.Minutes * MinuteMs;
        var noise = new SimRandom(unchecked((scenario.Seed * 7_368_787) ^ 0x5bd1e995));
        var minuteNoise = new double[(int)Math.Ceiling(scenario.Minutes) + 1];
        for (var i = 0; i < minuteNoise.Length; i++)
        {
            minuteNoise[i] = noise.LogNormal(1, 0.1);
        }

        var contention = new double[(int)Math.Ceiling(lengthMs / 15_000) + 1];
        for (var i = 0; i < contention.Length; i++)
        {
            contention[i] = noise.LogNormal(1, 0.25); // GPU contention in 15-second slots (shared GPU only)
        }

        var phase = noise.Uniform() * 2 * Math.PI;
        var requests = new List<SimRequest>();
        var deployments = scenario.Kind == RolloutScenarioKind.SharedGpu ? 2 : 1;
        for (var d = 0; d < deployments; d++)
        {
            var random = new SimRandom(unchecked((scenario.Seed * 1_000_003) + (d * 7919)));
            var context = new Context(scenario, d, random, lengthMs, minuteNoise, contention, phase);
            context.Run(requests);
        }

        requests.Sort(static (a, b) => a.EndTicks != b.EndTicks ? a.EndTicks.CompareTo(b.EndTicks)
            : a.Deployment != b.Deployment ? a.Deployment.CompareTo(b.Deployment) : a.Sequence.CompareTo(b.Sequence));
        var start = scenario.Start.ToUnixTimeMilliseconds();
        var truth = new GroundTruth(start, start + (long)lengthMs, scenario.Seed, scenario.ReferenceUnixMs, []);
        return new SimulationResult(requests, [], [], truth);
    }

    /// <summary>The new version's share of the deployment's traffic at <paramref name="t"/> ms after the start.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="t">Milliseconds since the start.</param>
    /// <returns>0..1.</returns>
    public static double NewVersionShare(RolloutScenario scenario, double t)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var r = scenario.BaselineMinutes * MinuteMs;
        return scenario.Kind switch
        {
            RolloutScenarioKind.Canary => t >= r ? scenario.CanaryShare : 0,
            RolloutScenarioKind.Ramp => t >= r ? Math.Min(1, 0.1 + (0.9 * (t - r) / (10 * MinuteMs))) : 0,
            RolloutScenarioKind.RollbackReRollout => t >= r && (t < r + (5 * MinuteMs) || t >= r + (12 * MinuteMs)) ? 1 : 0,
            RolloutScenarioKind.PostRollbackBaseline => t < r ? 1 : 0,
            _ => t >= r ? 1 : 0,
        };
    }

    private sealed class Context(RolloutScenario s, int d, SimRandom random, double lengthMs, double[] minuteNoise, double[] contention,
        double phase)
    {
        private readonly double _rolloutMs = s.BaselineMinutes * MinuteMs;

        public void Run(List<SimRequest> requests)
        {
            var epochTicks = s.Start.UtcTicks;
            double t = 0;
            var sequence = 0;
            while (true)
            {
                t += random.Exponential(Rate(t) / 1000.0);
                if (t >= lengthMs)
                {
                    return;
                }

                sequence++;
                var isNew = d == 0 && random.Uniform() < NewVersionShare(s, t);
                var version = d == 1 ? "2024-07-18" : isNew ? s.CandidateVersion : s.BaselineVersion;
                var call = Draw(t, isNew) with { Deployment = d, ModelVersion = version, Sequence = sequence, Exported = true };
                var endTicks = epochTicks + (long)((t + call.DurationMs) * TimeSpan.TicksPerMillisecond);
                requests.Add(call with
                {
                    EndTicks = endTicks,
                    CorrelationId = random.Guid(),
                    OperationId = random.Hex(16),
                    DependencyId = random.Hex(8),
                    CallerOctet = random.Next(1, 12),
                });
            }
        }

        private bool InBurst(double t) => s.Effect == RolloutEffect.LoadBurst && t >= _rolloutMs + MinuteMs && t < _rolloutMs + (5 * MinuteMs);

        private double Rate(double t)
        {
            var drift = 1 + (0.25 * Math.Sin(phase + (2 * Math.PI * t / (60 * MinuteMs))));
            var rate = s.RatePerSecond * (d == 1 ? 0.6 : 1) * drift * minuteNoise[Math.Min((int)(t / MinuteMs), minuteNoise.Length - 1)];
            return InBurst(t) ? rate * BurstFactor : rate;
        }

        private SimRequest Draw(double t, bool isNew)
        {
            var blank = new SimRequest(0, d, string.Empty, 0, 200, 0, 0, 0, 0, 0, string.Empty, string.Empty, string.Empty, 0, true);
            var prompt = (int)Math.Clamp(Math.Round(random.LogNormal(330, 0.6)), 1, 120_000);
            var throttleShare = (InBurst(t) ? 0.10 : 0) + (isNew && s.Effect == RolloutEffect.Throttling ? 0.06 : 0);
            var errorShare = 0.002 + (isNew && s.Effect == RolloutEffect.Errors ? 0.05 : 0);
            var u = random.Uniform();
            if (u < throttleShare)
            {
                return blank with { Status = 429, DurationMs = Round2(random.LogNormal(40, 0.4)), PromptTokens = prompt };
            }

            if (u < throttleShare + errorShare)
            {
                return blank with { Status = 500, DurationMs = Round2(random.LogNormal(300, 0.5)), PromptTokens = prompt };
            }

            var (latency, ttft) = Timing(isNew && s.Effect == RolloutEffect.RealV2);
            var factor = !isNew ? 1 : s.Effect switch
            {
                RolloutEffect.Latency140 => 1.4,
                RolloutEffect.Latency200 => 2.0,
                RolloutEffect.Faster => 0.7,
                _ => 1.0,
            };
            factor *= (InBurst(t) ? BurstSlowdown : 1) * (s.Kind == RolloutScenarioKind.SharedGpu ? contention[(int)(t / 15_000)] : 1);
            (latency, ttft) = (latency * factor, ttft * factor);
            if (isNew && s.Effect == RolloutEffect.TtftOnly)
            {
                latency *= 1.08;
                ttft = Math.Min(ttft * 1.9, 0.97 * latency);
            }

            var completion = (int)Math.Clamp(Math.Round(Math.Max(latency - ttft, 1) / 8 * random.LogNormal(1, 0.1)), 1, 4096);
            if (isNew && s.Effect == RolloutEffect.Tokens)
            {
                (prompt, completion) = ((int)Math.Round(prompt * 1.5), (int)Math.Round(completion * 1.5));
            }

            var queue = Math.Min(ttft * 0.5, random.LogNormal(8, 0.8));
            return blank with
            {
                DurationMs = Round2(latency), TtftMs = Round2(ttft), QueueMs = Round2(queue), PromptTokens = prompt, CompletionTokens = completion,
            };
        }

        /// <summary>Baseline (latency, TTFT) from the scenario's shape; TTFT stays below the latency.</summary>
        private (double Latency, double Ttft) Timing(bool realV2)
        {
            if (d == 1)
            {
                var l = random.LogNormal(250, 0.5);
                return (l, l * Fraction());
            }

            switch (s.Shape)
            {
                case LatencyShape.H100Trace:
                    {
                        // TTFT is drawn at a probability correlated with the latency's (ρ ≈ 0.8), as in the recording
                        var u = random.Uniform();
                        var v = Normal.CDF(0, 1, (0.8 * Normal.InvCDF(0, 1, Math.Clamp(u, 1e-9, 1 - 1e-9))) + (0.6 * random.Normal()));
                        var l = H100Timings.Sample(realV2 ? H100Timings.V2LatencyMs : H100Timings.V1LatencyMs, u);
                        var f = H100Timings.Sample(realV2 ? H100Timings.V2TtftMs : H100Timings.V1TtftMs, v);
                        return (l, Math.Min(f, 0.95 * l));
                    }

                case LatencyShape.Bimodal:
                    {
                        var l = random.Uniform() < 0.7 ? random.LogNormal(300, 0.3) : random.LogNormal(2400, 0.3);
                        return (l, Math.Min(random.LogNormal(120, 0.3), 0.95 * l));
                    }

                case LatencyShape.HeavyTail:
                    {
                        var l = 250 * Math.Pow(1 - random.Uniform(), -1 / 1.8);
                        return (l, l * Fraction());
                    }

                default:
                    {
                        var l = random.LogNormal(600, s.Sigma);
                        return (l, l * Fraction());
                    }
            }
        }

        private double Fraction() => Math.Clamp(random.LogNormal(0.3, 0.3), 0.02, 0.95);
    }

    private static double Round2(double value) => Math.Round(value, 2);
}
