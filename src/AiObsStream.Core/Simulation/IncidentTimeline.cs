namespace AiObsStream.Core.Simulation;

/// <summary>The incident windows of one run, answering "is KIND active at time T".</summary>
internal sealed class IncidentTimeline
{
    private readonly List<(IncidentKind Kind, long StartMs, long EndMs)> _windows = [];

    public IncidentTimeline(SimulationOptions options)
    {
        StartMs = options.Start.ToUnixTimeMilliseconds();
        EndMs = StartMs + (options.Minutes * 60_000L);
        long? drift = null;
        foreach (var spec in options.Incidents)
        {
            long start = StartMs + (spec.StartMinute * 60_000L);
            var duration = IncidentCatalog.Duration(spec.Kind);
            long end = duration == TimeSpan.MaxValue ? EndMs : Math.Min(EndMs, start + (long)duration.TotalMilliseconds);
            _windows.Add((spec.Kind, start, end));
            if (spec.Kind == IncidentKind.QualityDrift)
            {
                drift = drift is null ? start : Math.Min(drift.Value, start);
            }
        }

        QualityDrift = drift is not null;
        ReleaseMs = drift ?? StartMs + (options.Minutes / 2 * 60_000L);
    }

    public long StartMs { get; }

    public long EndMs { get; }

    /// <summary>When chat-prod is released to the new version: the quality-drift minute, else the middle of the run.</summary>
    public long ReleaseMs { get; }

    /// <summary>True when the release degrades quality.</summary>
    public bool QualityDrift { get; }

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

    public string VersionAt(int deployment, double unixMs) =>
        deployment == 0 && unixMs >= ReleaseMs ? SimFleet.ChatProdRelease : SimFleet.Deployments[deployment].Version;

    public GroundTruth Truth(SimulationOptions options)
    {
        var incidents = new List<GroundTruthIncident>(options.Incidents.Count);
        for (int i = 0; i < options.Incidents.Count; i++)
        {
            var spec = options.Incidents[i];
            var (kind, start, end) = _windows[i];
            string deployment = IncidentCatalog.Deployment(kind);
            int index = IndexOf(deployment);
            string version = index < 0 ? string.Empty : VersionAt(index, start);
            incidents.Add(new GroundTruthIncident(kind, spec.ToString(), start, end, deployment, version,
                IncidentCatalog.Effect(kind), IncidentCatalog.ExpectedSignals(kind)));
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
