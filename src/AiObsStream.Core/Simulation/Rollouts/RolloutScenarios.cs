namespace AiObsStream.Core.Simulation.Rollouts;

/// <summary>
/// The labelled rollout corpus: every scenario kind with every effect it makes sense with, and the controls (identical
/// version, faster version, identical canary, identical release followed by a load burst), on varied latency shapes,
/// rates and baseline lengths. Deterministic: the same seed gives the same list.
/// </summary>
public static class RolloutScenarios
{
    private static readonly double[] Baselines = [1, 2, 4, 10, 30];
    private static readonly double[] Sigmas = [0.3, 0.6, 0.9, 1.2];

    /// <summary>The hour-long corpus (for <c>aiobs eval</c>): rates 1..40 requests/s, baselines 1..30 minutes.</summary>
    /// <param name="seed">Seed of the parameter choice and of every scenario.</param>
    /// <returns>The scenarios, regressions first then controls.</returns>
    public static IReadOnlyList<RolloutScenario> Catalog(int seed) => Build(seed, 60, [1, 2, 5, 10, 20, 40], Baselines);

    /// <summary>
    /// A CI-sized corpus: the same kinds, effects and controls, each trace 14 minutes past the reference time, at
    /// 2..12 requests/s and baselines of 1..10 minutes.
    /// </summary>
    /// <param name="seed">Seed of the parameter choice and of every scenario.</param>
    /// <returns>The scenarios, regressions first then controls.</returns>
    public static IReadOnlyList<RolloutScenario> Ci(int seed) => Build(seed, 0, [2, 4, 8, 12], [1, 2, 4, 10]);

    /// <param name="seed">The seed.</param>
    /// <param name="minutes">Trace length; 0: baseline + 14 minutes.</param>
    /// <param name="rates">Rates to pick from (canaries use the upper half: a 5 % canary at 1 request/s has no evidence).</param>
    /// <param name="baselines">Baseline lengths to pick from (minutes).</param>
    private static List<RolloutScenario> Build(int seed, double minutes, double[] rates, double[] baselines)
    {
        var random = new SimRandom(unchecked((seed * 31) + 17));
        var list = new List<RolloutScenario>();
        var k = 0;
        RolloutScenario Make(RolloutScenarioKind kind, RolloutEffect effect, LatencyShape? shape = null, double? share = null, double? baseline = null)
        {
            var s = shape ?? (LatencyShape)(k % 4);
            var b = baseline ?? baselines[random.Next(0, baselines.Length)];
            var canary = kind == RolloutScenarioKind.Canary;
            var rate = canary ? rates[random.Next(rates.Length / 2, rates.Length)] : rates[random.Next(0, rates.Length)];
            k++;
            return new RolloutScenario
            {
                Kind = kind,
                Effect = effect,
                Shape = effect == RolloutEffect.RealV2 ? LatencyShape.H100Trace : s,
                Sigma = Sigmas[random.Next(0, Sigmas.Length)],
                RatePerSecond = rate,
                BaselineMinutes = b,
                Minutes = minutes > 0 ? Math.Max(minutes, b + 14) : b + 14,
                CanaryShare = share ?? 0.1,
                Seed = unchecked((seed * 1000) + k),
            };
        }

        foreach (var effect in new[] { RolloutEffect.Latency140, RolloutEffect.Latency200, RolloutEffect.TtftOnly, RolloutEffect.Errors,
            RolloutEffect.Throttling, RolloutEffect.Tokens })
        {
            list.Add(Make(RolloutScenarioKind.Switch, effect));
        }

        list.Add(Make(RolloutScenarioKind.Switch, RolloutEffect.Latency200, baseline: 1));
        list.Add(Make(RolloutScenarioKind.Switch, RolloutEffect.RealV2, baseline: 1));
        list.Add(Make(RolloutScenarioKind.Switch, RolloutEffect.Latency140, LatencyShape.Bimodal));
        list.Add(Make(RolloutScenarioKind.Canary, RolloutEffect.Latency140, share: 0.3));
        list.Add(Make(RolloutScenarioKind.Canary, RolloutEffect.Latency200, share: 0.05));
        list.Add(Make(RolloutScenarioKind.Canary, RolloutEffect.TtftOnly, share: 0.2));
        list.Add(Make(RolloutScenarioKind.Canary, RolloutEffect.Errors, share: 0.2));
        list.Add(Make(RolloutScenarioKind.Ramp, RolloutEffect.Latency140));
        list.Add(Make(RolloutScenarioKind.RollbackReRollout, RolloutEffect.Latency200));
        list.Add(Make(RolloutScenarioKind.PostRollbackBaseline, RolloutEffect.Latency200));
        list.Add(Make(RolloutScenarioKind.PostRollbackBaseline, RolloutEffect.RealV2));
        list.Add(Make(RolloutScenarioKind.SharedGpu, RolloutEffect.Latency200, LatencyShape.Bimodal));
        list.Add(Make(RolloutScenarioKind.SharedGpu, RolloutEffect.RealV2));

        foreach (var shape in new[] { LatencyShape.H100Trace, LatencyShape.LogNormal, LatencyShape.Bimodal, LatencyShape.HeavyTail })
        {
            list.Add(Make(RolloutScenarioKind.Switch, RolloutEffect.None, shape));
        }

        list.Add(Make(RolloutScenarioKind.Switch, RolloutEffect.None, baseline: 1));
        list.Add(Make(RolloutScenarioKind.Switch, RolloutEffect.Faster));
        list.Add(Make(RolloutScenarioKind.Canary, RolloutEffect.None, share: 0.1));
        list.Add(Make(RolloutScenarioKind.Switch, RolloutEffect.LoadBurst));
        list.Add(Make(RolloutScenarioKind.Canary, RolloutEffect.LoadBurst, share: 0.2));
        list.Add(Make(RolloutScenarioKind.Ramp, RolloutEffect.None));
        list.Add(Make(RolloutScenarioKind.RollbackReRollout, RolloutEffect.None));
        list.Add(Make(RolloutScenarioKind.PostRollbackBaseline, RolloutEffect.None));
        list.Add(Make(RolloutScenarioKind.PostRollbackBaseline, RolloutEffect.Faster));
        list.Add(Make(RolloutScenarioKind.SharedGpu, RolloutEffect.None, LatencyShape.Bimodal));
        return list;
    }
}
