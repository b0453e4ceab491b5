namespace AiObsStream.Core.Simulation;

/// <summary>
/// Generates multi-deployment Azure OpenAI traffic, online evaluations and GPU scrapes with injected incidents.
/// Pure and deterministic: the output depends only on <see cref="SimulationOptions"/> (no clock, no I/O).
/// </summary>
/// <remarks>
/// Arrivals are Poisson (exponential gaps) with a ±10 % hourly swell. Chat calls: queue lognormal (median 8 ms),
/// TTFT = queue + lognormal(median per deployment, σ <see cref="SimulationOptions.LatencySigma"/>, default 0.3; with
/// <see cref="LatencyShape.Bimodal"/> a share of calls in a slower mode), completion tokens lognormal (σ 0.5), latency = TTFT +
/// tokens × time per token × lognormal(1, σ 0.1); prompt tokens lognormal (σ 0.8). Embeddings: latency lognormal
/// (σ 0.35) growing with the prompt. 0.1 % of calls fail with HTTP 500. Incident effects: <see cref="IncidentCatalog"/>.
/// </remarks>
public static class TrafficSimulator
{
    private static readonly string[] Evaluators = ["groundedness", "relevance"];

    /// <summary>Runs the simulation.</summary>
    /// <param name="options">What to simulate.</param>
    /// <returns>The streams and the ground truth.</returns>
    public static SimulationResult Generate(SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var timeline = new IncidentTimeline(options);
        var requests = new List<SimRequest>();
        var evaluations = new List<SimEvaluation>();
        for (int d = 0; d < SimFleet.Deployments.Count; d++)
        {
            var random = new SimRandom(unchecked((options.Seed * 1_000_003) + (d * 7919)));
            GenerateDeployment(d, options, timeline, random, requests, evaluations);
        }

        requests.Sort(static (a, b) => a.EndTicks != b.EndTicks ? a.EndTicks.CompareTo(b.EndTicks)
            : a.Deployment != b.Deployment ? a.Deployment.CompareTo(b.Deployment) : a.Sequence.CompareTo(b.Sequence));
        evaluations.Sort(static (a, b) => a.Ticks != b.Ticks ? a.Ticks.CompareTo(b.Ticks)
            : string.CompareOrdinal(a.OperationId + a.Name, b.OperationId + b.Name));
        var gpu = GpuSimulator.Generate(options, timeline, requests);
        return new SimulationResult(requests, evaluations, gpu, timeline.Truth(options)) { Accesses = AccessSimulator.Generate(options) };
    }

    private static void GenerateDeployment(int d, SimulationOptions options, IncidentTimeline timeline, SimRandom random,
        List<SimRequest> requests, List<SimEvaluation> evaluations)
    {
        var profile = SimFleet.Deployments[d];
        long epochTicks = options.Start.UtcTicks;
        double t = timeline.StartMs;
        int sequence = 0;
        while (true)
        {
            t += random.Exponential(RatePerMs(d, profile, options, timeline, t));
            if (t >= timeline.EndMs)
            {
                break;
            }

            if (d == 2 && timeline.Active(IncidentKind.GpuIdle, t))
            {
                t = timeline.ActiveUntil(IncidentKind.GpuIdle, t); // embed's callers stopped: no arrival in the window
                continue;
            }

            sequence++;
            var call = DrawCall(d, profile, options, timeline, random, t, sequence % 2 == 1);
            double endMs = t + call.DurationMs;
            long endTicks = epochTicks + (long)((endMs - timeline.StartMs) * TimeSpan.TicksPerMillisecond);
            bool exported = !timeline.Active(IncidentKind.IngestionGap, endMs);
            string operationId = random.Hex(16);
            requests.Add(call with
            {
                EndTicks = endTicks,
                Sequence = sequence,
                CorrelationId = random.Guid(),
                OperationId = operationId,
                DependencyId = random.Hex(8),
                CallerOctet = call.ContentFilter == SimContentFilter.Prompt && d == 0 && timeline.Active(IncidentKind.ContentFilterJump, t)
                    ? CampaignCaller(timeline, random, t)
                    : CallerOf(d, timeline, random, t),
                Exported = exported,
                PathMs = PathOf(d, timeline, random, t),
            });
            if (profile.IsChat && call.Status == 200 && random.Uniform() < options.EvaluationShare)
            {
                AddEvaluations(call, endMs, operationId, timeline, random, evaluations, epochTicks);
            }
        }
    }

    private static double RatePerMs(int d, SimDeployment profile, SimulationOptions options, IncidentTimeline timeline, double t)
    {
        double swell = 1.0 + (0.1 * Math.Sin(2 * Math.PI * (t - timeline.StartMs) / 3_600_000.0));
        double rate = profile.RatePerSecond * options.RateScale * swell;
        if ((d == 0 && timeline.Active(IncidentKind.SpendSpike, t)) || (d == 1 && timeline.Active(IncidentKind.Http429Storm, t)))
        {
            rate *= 1.5;
        }

        if (d == 0 && timeline.Active(IncidentKind.CallerSurge, t))
        {
            rate *= 1 + SurgeShare;
        }

        if (d == 0 && ExfiltrationSurge(timeline, t))
        {
            rate *= 1 + ExfiltrationShare;
        }

        if (d == 0 && timeline.Magnitude(IncidentKind.LoadBurst, t) is var burst and > 0)
        {
            rate *= burst;
        }

        return rate / 1000.0;
    }

    private static SimRequest DrawCall(int d, SimDeployment profile, SimulationOptions options, IncidentTimeline timeline,
        SimRandom random, double t, bool onThermalGpu)
    {
        string version = timeline.VersionAt(d, t);
        double promptMedian = profile.PromptMedian * (d == 0 && timeline.Active(IncidentKind.SpendSpike, t) ? 5 : 1);
        int prompt = (int)Math.Clamp(Math.Round(random.LogNormal(promptMedian, 0.8)), 1, 120_000);
        var call = new SimRequest(0, d, version, 0, 200, 0, 0, 0, prompt, 0, string.Empty, string.Empty, string.Empty, 0, true);
        if (d == 1 && timeline.Active(IncidentKind.Http429Storm, t) && random.Uniform() < 0.4)
        {
            return call with { Status = 429, DurationMs = Round2(random.LogNormal(18, 0.4)) };
        }

        // Extra draws happen only inside an incident or with a non-default shape, so the default streams stay as they were.
        double burst = d == 0 ? timeline.Magnitude(IncidentKind.LoadBurst, t) : 0;
        if (burst > 0 && random.Uniform() < 0.03 * (burst - 1))
        {
            return call with { Status = 429, DurationMs = Round2(random.LogNormal(18, 0.4)) };
        }

        // Content filtering is drawn only in runs that simulate it (ContentFilterBase > 0), so other runs keep their streams.
        if (profile.IsChat && timeline.ContentFilterBase > 0
            && random.Uniform() < timeline.ContentFilterBase + (d == 0 ? timeline.Magnitude(IncidentKind.ContentFilterJump, t) : 0))
        {
            // A rejected prompt is answered after the input filter ran: no generation, no completion tokens.
            return call with { Status = 400, DurationMs = Round2(random.LogNormal(profile.TtftMedianMs * 0.4, 0.4)), ContentFilter = SimContentFilter.Prompt };
        }

        if (random.Uniform() < 0.001)
        {
            return call with { Status = 500, DurationMs = Round2(random.LogNormal(profile.TtftMedianMs * 2, 0.5)) };
        }

        double queue = random.LogNormal(profile.IsChat ? 8 : 3, 0.8);
        if (!profile.IsChat)
        {
            double latency = queue + (random.LogNormal(profile.TtftMedianMs, 0.35) * (1 + (prompt / 8000.0)));
            return call with { DurationMs = Round2(latency), QueueMs = Round2(queue) };
        }

        if (burst > 0)
        {
            queue += Backlog(burst, timeline.ActiveFor(IncidentKind.LoadBurst, t)) * random.LogNormal(1, 0.3);
        }

        bool regressed = d == 0 && timeline.Active(IncidentKind.LatencyRegression, t);
        bool throttled = d == 0 && onThermalGpu && timeline.Active(IncidentKind.GpuThermal, t);
        bool slowerVersion = d == 0 && timeline.VersionRegressionFactor > 0 && version == SimFleet.ChatProdRelease;
        double mode = options.Shape == LatencyShape.Bimodal && random.Uniform() < options.SlowShare ? options.SlowFactor : 1;
        int completion = (int)Math.Clamp(Math.Round(random.LogNormal(profile.CompletionMedian, 0.5)), 1, 4096);
        double ttft = queue + random.LogNormal(profile.TtftMedianMs * mode * (regressed ? 2 : 1) * (slowerVersion ? 2 : 1), options.LatencySigma);
        bool linkFault = d == 0 && (timeline.Active(IncidentKind.NvlinkErrors, t) || timeline.Active(IncidentKind.InfinibandLinkFlap, t));
        double perToken = profile.MsPerToken * mode * (regressed ? 2.5 : 1) * (throttled ? 1.25 : 1) * (linkFault ? 1.6 : 1)
            * (slowerVersion ? timeline.VersionRegressionFactor : 1) * (burst > 0 ? 1.3 : 1);
        double duration = ttft + (completion * perToken * random.LogNormal(1, 0.1));
        bool cut = timeline.ContentFilterBase > 0 && random.Uniform() < timeline.ContentFilterBase / 2;
        return call with
        {
            ContentFilter = cut ? SimContentFilter.Completion : SimContentFilter.None,
            DurationMs = Round2(duration),
            TtftMs = Round2(ttft),
            QueueMs = Round2(queue),
            CompletionTokens = completion,
        };
    }

    /// <summary>Queueing delay of a burst: the backlog builds over the first 45 s to 700 ms per unit of load above twice
    /// the nominal rate (the head-room of the deployment), then holds.</summary>
    private static double Backlog(double burst, double secondsIn) =>
        Math.Min(1.0, Math.Max(0, secondsIn) / 45.0) * 700 * Math.Max(0.5, burst - 2);

    private static void AddEvaluations(SimRequest call, double endMs, string operationId, IncidentTimeline timeline,
        SimRandom random, List<SimEvaluation> evaluations, long epochTicks)
    {
        bool drifted = call.Deployment == 0 && timeline.QualityDrift && call.ModelVersion == SimFleet.ChatProdRelease;
        for (int i = 0; i < Evaluators.Length; i++)
        {
            double mean = i == 0 ? (drifted ? 3.3 : 4.4) : (drifted ? 3.7 : 4.3);
            int score = (int)Math.Clamp(Math.Round(mean + ((drifted ? 0.9 : 0.7) * random.Normal())), 1, 5);
            double at = endMs + random.LogNormal(2000, 0.4);
            long ticks = epochTicks + (long)((at - timeline.StartMs) * TimeSpan.TicksPerMillisecond);
            if (at < timeline.EndMs)
            {
                evaluations.Add(new SimEvaluation(ticks, call.Deployment, call.ModelVersion, Evaluators[i], score, operationId));
            }
        }
    }

    private static double Round2(double value) => Math.Round(value, 2);

    /// <summary>
    /// The time a chat-prod call spends on the way to the service during a dependency-latency incident (a congested
    /// proxy or NAT, a degraded peering): log-normal around the incident's magnitude; 0 otherwise, with no draw, so
    /// other runs keep their streams.
    /// </summary>
    private static double PathOf(int d, IncidentTimeline timeline, SimRandom random, double t) =>
        d == 0 && timeline.Magnitude(IncidentKind.DependencyLatency, t) is var median and > 0
            ? Round2(random.LogNormal(median, 0.5))
            : 0;

    /// <summary>
    /// The caller of a prompt rejected during content-filter-jump: nine in ten come from the campaign's two callers
    /// (10.20.13.*** and 10.20.14.***), the rest (and the base rate's) from the usual eleven.
    /// </summary>
    private static int CampaignCaller(IncidentTimeline timeline, SimRandom random, double t) =>
        random.Uniform() < 0.9 ? IncidentCatalog.CampaignCallerOctet + random.Next(0, 2) : CallerOf(0, timeline, random, t);

    /// <summary>The key-exfiltration caller's rate, as a share of chat-prod's own (from a minute after the key listing).</summary>
    private const double ExfiltrationShare = 0.75;

    /// <summary>Whether the key-exfiltration caller (with the listed key) is calling chat-prod at <paramref name="t"/>.</summary>
    private static bool ExfiltrationSurge(IncidentTimeline timeline, double t) =>
        timeline.ActiveFor(IncidentKind.KeyExfiltration, t) >= 60;

    /// <summary>The caller-surge incident's extra rate, as a share of chat-prod's own.</summary>
    private const double SurgeShare = 0.5;

    /// <summary>
    /// The masked caller of a call: one of eleven, uniform; inside a caller surge the extra calls come from the surging
    /// caller (the extra draw happens only inside the incident, so other runs keep their streams).
    /// </summary>
    private static int CallerOf(int d, IncidentTimeline timeline, SimRandom random, double t)
    {
        if (d == 0 && ExfiltrationSurge(timeline, t) && random.Uniform() < ExfiltrationShare / (1 + ExfiltrationShare))
        {
            return IncidentCatalog.ExfiltrationCallerOctet;
        }

        if (d == 0 && timeline.Active(IncidentKind.CallerSurge, t) && random.Uniform() < SurgeShare / (1 + SurgeShare))
        {
            return IncidentCatalog.SurgeCallerOctet;
        }

        return random.Next(1, 12);
    }
}
