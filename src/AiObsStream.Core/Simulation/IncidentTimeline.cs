namespace AiObsStream.Core.Simulation;

/// <summary>The incident windows of one run, answering "is KIND active at time T".</summary>
internal sealed class IncidentTimeline
{
    private readonly List<(IncidentKind Kind, long StartMs, long EndMs, double Variation)> _windows = [];

    public IncidentTimeline(SimulationOptions options)
    {
        StartMs = options.Start.ToUnixTimeMilliseconds();
        EndMs = StartMs + (options.Minutes * 60_000L);
        long? release = null;
        for (int i = 0; i < options.Incidents.Count; i++)
        {
            var spec = options.Incidents[i];
            long start = StartMs + (spec.StartMinute * 60_000L);

            // Its own generator, so drawing the size of an incident never shifts the traffic draws of the run.
            double variation = new SimRandom(unchecked((options.Seed * 7_919) + (i * 104_729) + (spec.StartMinute * 31) + (int)spec.Kind)).Uniform();
            var duration = IncidentCatalog.Duration(spec.Kind, variation);
            long end = duration == TimeSpan.MaxValue ? EndMs : Math.Min(EndMs, start + (long)duration.TotalMilliseconds);
            _windows.Add((spec.Kind, start, end, variation));
            if (IncidentCatalog.IsRelease(spec.Kind))
            {
                release = release is null ? start : Math.Min(release.Value, start);
            }

            QualityDrift |= spec.Kind == IncidentKind.QualityDrift;
            if (spec.Kind == IncidentKind.VersionRegression)
            {
                VersionRegressionFactor = IncidentCatalog.Magnitude(spec.Kind, variation);
            }
        }

        ReleaseMs = release ?? StartMs + (options.Minutes / 2 * 60_000L);
        ContentFilterBase = options.ContentFilterBaseShare > 0 ? options.ContentFilterBaseShare
            : _windows.Exists(static w => w.Kind == IncidentKind.ContentFilterJump) ? IncidentCatalog.ContentFilterBaseShare : 0;
    }

    /// <summary>Share of chat prompts the content filter rejects outside the incident; 0 when the run simulates no filtering.</summary>
    public double ContentFilterBase { get; }

    public long StartMs { get; }

    public long EndMs { get; }

    /// <summary>When chat-prod is released to the new version: the earliest release incident (quality-drift,
    /// version-regression, benign-release), else the middle of the run.</summary>
    public long ReleaseMs { get; }

    /// <summary>True when the release degrades quality.</summary>
    public bool QualityDrift { get; }

    /// <summary>Time-per-token factor of the new version (version-regression); 0 when the release is not slower.</summary>
    public double VersionRegressionFactor { get; }

    public bool Active(IncidentKind kind, double unixMs)
    {
        foreach (var w in _windows)
        {
            if (w.Kind == kind && unixMs >= w.StartMs && unixMs < w.EndMs)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The size (<see cref="IncidentCatalog.Magnitude"/>) of the active <paramref name="kind"/> window at <paramref name="unixMs"/>, or 0 when inactive.</summary>
    public double Magnitude(IncidentKind kind, double unixMs)
    {
        foreach (var w in _windows)
        {
            if (w.Kind == kind && unixMs >= w.StartMs && unixMs < w.EndMs)
            {
                return IncidentCatalog.Magnitude(kind, w.Variation);
            }
        }

        return 0;
    }

    /// <summary>Seconds since <paramref name="kind"/> became active at <paramref name="unixMs"/>, or -1 when inactive.</summary>
    public double ActiveFor(IncidentKind kind, double unixMs)
    {
        foreach (var w in _windows)
        {
            if (w.Kind == kind && unixMs >= w.StartMs && unixMs < w.EndMs)
            {
                return (unixMs - w.StartMs) / 1000.0;
            }
        }

        return -1;
    }

    /// <summary>The earliest start of <paramref name="kind"/>, or <see cref="long.MaxValue"/> when it is not injected.</summary>
    public long StartOf(IncidentKind kind)
    {
        long first = long.MaxValue;
        foreach (var w in _windows)
        {
            if (w.Kind == kind)
            {
                first = Math.Min(first, w.StartMs);
            }
        }

        return first;
    }

    /// <summary>The end of the <paramref name="kind"/> window active at <paramref name="unixMs"/>, or <paramref name="unixMs"/> when none is.</summary>
    public double ActiveUntil(IncidentKind kind, double unixMs)
    {
        foreach (var w in _windows)
        {
            if (w.Kind == kind && unixMs >= w.StartMs && unixMs < w.EndMs)
            {
                return w.EndMs;
            }
        }

        return unixMs;
    }

    public string VersionAt(int deployment, double unixMs) =>
        deployment == 0 && unixMs >= ReleaseMs ? SimFleet.ChatProdRelease : SimFleet.Deployments[deployment].Version;

    public GroundTruth Truth(SimulationOptions options)
    {
        var incidents = new List<GroundTruthIncident>(options.Incidents.Count);
        for (int i = 0; i < options.Incidents.Count; i++)
        {
            var spec = options.Incidents[i];
            var (kind, start, end, variation) = _windows[i];
            string deployment = IncidentCatalog.Deployment(kind);
            int index = IndexOf(deployment);
            string version = index < 0 ? string.Empty : VersionAt(index, start);
            incidents.Add(new GroundTruthIncident(kind, spec.ToString(), start, end, deployment, version,
                IncidentCatalog.Effect(kind, variation), IncidentCatalog.ExpectedSignals(kind))
            {
                Cause = IncidentCatalog.Cause(kind),
                Hosts = IncidentCatalog.Hosts(kind),
            });
        }

        return new GroundTruth(StartMs, EndMs, options.Seed, ReleaseMs, incidents);
    }

    private static int IndexOf(string deployment)
    {
        for (int i = 0; i < SimFleet.Deployments.Count; i++)
        {
            if (SimFleet.Deployments[i].Name == deployment)
            {
                return i;
            }
        }

        return -1;
    }
}
