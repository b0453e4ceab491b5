using System.Globalization;
using AiObsStream.Core.Evaluation.Incidents;

namespace AiObsStream.Core.Simulation;

/// <summary>
/// The labelled simulator corpus of <c>aiobs eval incidents</c>: deterministic (same settings, same scenarios, same bytes).
/// </summary>
/// <remarks>
/// Per seed: every incident kind alone (<c>single</c>); three overlapping pairs (<c>overlap</c>: a load-burst 1–3 minutes
/// after a version-regression release on chat-prod; a 429-storm on chat-mini during a gpu-thermal fault under chat-prod;
/// a gpu-memory episode followed by a gpu-idle one); a benign release (<c>control</c>: truth is no incident); and a run
/// without incident (<c>healthy</c>, which still carries the simulator's mid-run release with unchanged behaviour).
/// Load levels (<see cref="CorpusSettings.RateScales"/>) and latency shapes (lognormal σ 0.30, σ 0.45, bimodal) rotate
/// with the seed and the kind, so each kind meets several of them over a few seeds. Onsets lie at a third of the run
/// (at least minute 6, so detectors have a baseline) plus 0–2 minutes by seed. After the healthy run come the kinds added
/// later (from caller-surge on, in the order they were added) and a second control: a healthy run with the content-filter
/// base rate (<see cref="IncidentCatalog.ContentFilterBaseShare"/>), truth no incident.
/// </remarks>
public static class IncidentCorpus
{
    private static readonly (string Name, double Sigma, LatencyShape Shape)[] Shapes =
    [
        ("ln0.30", 0.30, LatencyShape.LogNormal),
        ("ln0.45", 0.45, LatencyShape.LogNormal),
        ("bimodal", 0.30, LatencyShape.Bimodal),
    ];

    /// <summary>Builds the scenarios.</summary>
    /// <param name="settings">The corpus size.</param>
    /// <returns>The scenarios, in a fixed order.</returns>
    public static IReadOnlyList<CorpusScenario> Build(CorpusSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var scenarios = new List<CorpusScenario>();
        for (int i = 0; i < settings.Seeds; i++)
        {
            int seed = settings.Seed + i;
            int onset = Math.Max(6, settings.Minutes / 3) + (seed % 3);
            int variant = i;
            foreach (var kind in IncidentCatalog.All)
            {
                if (kind != IncidentKind.BenignRelease && !AfterHealthy(kind))
                {
                    scenarios.Add(Scenario(settings, seed, "single", variant++, [new IncidentSpec(kind, onset)]));
                }
            }

            scenarios.Add(Scenario(settings, seed, "overlap", variant++,
                [new IncidentSpec(IncidentKind.VersionRegression, onset), new IncidentSpec(IncidentKind.LoadBurst, onset + 1 + (seed % 3))]));
            scenarios.Add(Scenario(settings, seed, "overlap", variant++,
                [new IncidentSpec(IncidentKind.GpuThermal, onset), new IncidentSpec(IncidentKind.Http429Storm, onset + 2)]));
            scenarios.Add(Scenario(settings, seed, "overlap", variant++,
                [new IncidentSpec(IncidentKind.GpuMemory, onset), new IncidentSpec(IncidentKind.GpuIdle, onset + 5)]));
            scenarios.Add(Scenario(settings, seed, "control", variant++, [new IncidentSpec(IncidentKind.BenignRelease, onset)]));
            scenarios.Add(Scenario(settings, seed, "healthy", variant, []));

            // Kinds added later run after the families above, in the order they were added, so every scenario before them
            // keeps its load and shape.
            foreach (var kind in LateKinds)
            {
                scenarios.Add(Scenario(settings, seed, "single", ++variant, [new IncidentSpec(kind, onset)]));
            }

            // A healthy run with the content-filter base rate (truth: no incident): the false alarms of the content-filter
            // rules on realistic noise over a healthy run's length, not only around the jump.
            scenarios.Add(Scenario(settings, seed, "control", ++variant, [], IncidentCatalog.ContentFilterBaseShare));
        }

        return scenarios;
    }

    /// <summary>
    /// The kinds whose single run comes after the healthy one, in the order they were added (not enum order: 17 came
    /// after 18), so that adding a kind leaves the variants (and so the random streams) of every earlier scenario as they were.
    /// </summary>
    private static readonly IncidentKind[] LateKinds =
    [
        IncidentKind.CallerSurge, IncidentKind.SecretAccess, IncidentKind.KeyExfiltration, IncidentKind.DependencyLatency,
        IncidentKind.ContentFilterJump,
    ];

    private static bool AfterHealthy(IncidentKind kind) => Array.IndexOf(LateKinds, kind) >= 0;

    /// <summary>The scoring truth of a simulated run: its incidents that have a cause (controls have none).</summary>
    /// <param name="scenario">The scenario's name.</param>
    /// <param name="truth">The simulator's ground truth.</param>
    /// <returns>The truth to score against.</returns>
    public static ScenarioTruth Truth(string scenario, GroundTruth truth)
    {
        ArgumentNullException.ThrowIfNull(truth);
        var incidents = new List<TruthIncident>();
        foreach (var i in truth.Incidents)
        {
            if (i.Cause is { } cause)
            {
                incidents.Add(new TruthIncident(cause, i.StartUnixMs, i.EndUnixMs,
                    i.Deployment.Length == 0 ? [] : [i.Deployment], i.Hosts, i.Spec)
                {
                    AheadMs = i.Kind == IncidentKind.LoadRamp ? (long)LoadRampSimulator.LeadAllowance.TotalMilliseconds : 0,
                });
            }
        }

        return new ScenarioTruth(scenario, truth.StartUnixMs, truth.EndUnixMs, incidents);
    }

    private static CorpusScenario Scenario(CorpusSettings settings, int seed, string group, int variant, IncidentSpec[] incidents,
        double contentFilterBase = 0)
    {
        double rate = settings.RateScales[variant % settings.RateScales.Count];
        var shape = Shapes[variant % Shapes.Length];
        int minutes = incidents.Length == 0 ? settings.HealthyMinutes : settings.Minutes;
        foreach (var spec in incidents)
        {
            minutes = Math.Max(minutes, spec.StartMinute + Tail(spec.Kind));
        }

        string what = incidents.Length == 0 ? "healthy" : string.Join('+', incidents.Select(s => IncidentCatalog.Name(s.Kind)));
        what += contentFilterBase > 0 ? "+content-filter-base" : string.Empty;
        string name = string.Create(CultureInfo.InvariantCulture, $"s{seed}-{what}-x{rate:0.##}-{shape.Name}");
        var options = new SimulationOptions
        {
            Seed = seed,
            Minutes = minutes,
            RateScale = rate,
            LatencySigma = shape.Sigma,
            Shape = shape.Shape,
            Incidents = incidents,
            ContentFilterBaseShare = contentFilterBase,
        };
        return new CorpusScenario(name, group, options);
    }

    /// <summary>Minutes a run needs after the onset: the incident plus four minutes (15 for incidents that last to the end).</summary>
    private static int Tail(IncidentKind kind)
    {
        var duration = IncidentCatalog.Duration(kind, 0.999);
        return duration == TimeSpan.MaxValue ? 15 : (int)Math.Ceiling(duration.TotalMinutes) + 4;
    }
}
