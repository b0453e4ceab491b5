using AiObsStream.Core.State;

namespace AiObsStream.Core.Versions;

/// <summary>
/// Follows each deployment's model version mix window by window and reports rollouts (a new version appears, or a known
/// version takes the majority), completions and rollbacks (the new version fades below the minimum share for
/// <see cref="RegressionOptions.RollbackWindows"/> windows, or the previous version takes the majority back).
/// </summary>
/// <remarks>
/// A rolled-back rollout stays under (retrospective) comparison for <see cref="RegressionOptions.CandidateWindows"/>
/// windows, so that the previous version's windows after the rollback can serve as the baseline. A version that appears
/// for the first time but sorts before the deployment's current version is a return to an older version: Azure OpenAI
/// model versions are ISO dates (2024-08-06), so ordinal order is release order. The trace then started on the newer
/// version, and it is judged against the older one's windows after the rollback.
/// </remarks>
internal sealed class RolloutDetector
{
    private const string Tag = "ROLL";
    private const byte FormatVersion = 2;
    private readonly RegressionOptions _options;
    private readonly SortedDictionary<string, Track> _tracks = new(StringComparer.Ordinal);

    private readonly long _windowMs;

    public RolloutDetector(RegressionOptions options, long windowMs = 60_000)
    {
        _options = options;
        _windowMs = windowMs;
    }

    /// <summary>The rollout under comparison for <paramref name="deployment"/>, if any.</summary>
    public ActiveRollout? Active(string deployment) => _tracks.TryGetValue(deployment, out var t) ? t.Active : null;

    /// <summary>The version with most requests in the last observed window.</summary>
    public string? Dominant(string deployment) => _tracks.TryGetValue(deployment, out var t) ? t.Dominant : null;

    /// <summary>Observes one window's requests per version (ordinal order of versions not required).</summary>
    public void Observe(long windowStartMs, string deployment, IReadOnlyList<(string Version, long Requests)> mix, List<RolloutEvent> events)
    {
        // Indexed loops over the mix throughout: a foreach over the interface boxes the list's enumerator, per deployment
        // and window.
        long total = 0;
        string? dominant = null;
        long best = -1;
        for (var i = 0; i < mix.Count; i++)
        {
            var (version, requests) = mix[i];
            total += requests;
            if (requests > best || (requests == best && string.CompareOrdinal(version, dominant) > 0))
            {
                (dominant, best) = (version, requests);
            }
        }

        if (total <= 0 || dominant is null)
        {
            return;
        }

        if (!_tracks.TryGetValue(deployment, out var track))
        {
            _tracks[deployment] = track = new Track { Dominant = dominant };
            for (var i = 0; i < mix.Count; i++)
            {
                var (version, requests) = mix[i];
                if (requests >= _options.MinVersionShare * total)
                {
                    track.Known.Add(version);
                }
            }

            return;
        }

        if (track.Active is { RolledBack: true } past && windowStartMs >= past.EndMs + ((long)_options.CandidateWindows * _windowMs))
        {
            track.Active = null; // the retrospective verdict had its chance
        }

        Appearances(windowStartMs, deployment, mix, total, track, events);
        if (dominant != track.Dominant)
        {
            Shift(windowStartMs, deployment, dominant, (double)best / total, track, events);
        }

        Fading(windowStartMs, deployment, mix, total, track, events);
        track.Dominant = dominant;
    }

    private void Appearances(long start, string deployment, IReadOnlyList<(string Version, long Requests)> mix, long total, Track track,
        List<RolloutEvent> events)
    {
        List<(string Version, long Requests)>? fresh = null;
        for (var i = 0; i < mix.Count; i++)
        {
            var item = mix[i];
            if (item.Requests >= _options.MinVersionShare * total && !track.Known.Contains(item.Version))
            {
                (fresh ??= []).Add(item);
            }
        }

        if (fresh is null)
        {
            return; // the usual window: no version appeared
        }

        fresh.Sort((a, b) => a.Requests != b.Requests ? a.Requests.CompareTo(b.Requests) : string.CompareOrdinal(a.Version, b.Version));
        foreach (var (version, requests) in fresh)
        {
            track.Known.Add(version);
            if (string.CompareOrdinal(version, track.Dominant) < 0 && track.Active is null)
            {
                // back to an older version never seen in this trace: the trace started on the newer one (see remarks)
                track.Active = new ActiveRollout(track.Dominant, version, long.MinValue, start);
                events.Add(new RolloutEvent(RolloutKind.Rollback, deployment, track.Dominant, version, start, (double)requests / total));
                continue;
            }

            track.Active = new ActiveRollout(version, track.Dominant, start); // the last (largest) new version wins
            track.LowWindows = 0;
            events.Add(new RolloutEvent(RolloutKind.Rollout, deployment, version, track.Dominant, start, (double)requests / total));
        }
    }

    private static void Shift(long start, string deployment, string dominant, double share, Track track, List<RolloutEvent> events)
    {
        var active = track.Active is { RolledBack: true } ? null : track.Active;
        if (track.Active is { RolledBack: true } && dominant == track.Active.Baseline)
        {
            return; // the rolled-back rollout's baseline keeps the majority: nothing new
        }

        if (active is not null && dominant == active.Candidate)
        {
            events.Add(new RolloutEvent(RolloutKind.Completed, deployment, dominant, active.Baseline, start, share));
        }
        else if (active is not null && dominant == active.Baseline)
        {
            events.Add(new RolloutEvent(RolloutKind.Rollback, deployment, active.Candidate, active.Baseline, start, share));
            track.Active = active with { EndMs = start };
        }
        else if (track.Known.Contains(dominant))
        {
            track.Active = new ActiveRollout(dominant, track.Dominant, start);
            track.LowWindows = 0;
            events.Add(new RolloutEvent(RolloutKind.MixShift, deployment, dominant, track.Dominant, start, share));
        }
    }

    private void Fading(long start, string deployment, IReadOnlyList<(string Version, long Requests)> mix, long total, Track track,
        List<RolloutEvent> events)
    {
        if (track.Active is not { } active || active.StartMs == start || active.RolledBack)
        {
            return;
        }

        long requests = 0;
        for (var i = 0; i < mix.Count; i++)
        {
            requests += mix[i].Version == active.Candidate ? mix[i].Requests : 0;
        }

        track.LowWindows = requests < _options.MinVersionShare * total ? track.LowWindows + 1 : 0;
        if (track.LowWindows >= _options.RollbackWindows)
        {
            events.Add(new RolloutEvent(RolloutKind.Rollback, deployment, active.Candidate, active.Baseline, start, (double)requests / total));
            track.Active = active with { EndMs = start };
            track.LowWindows = 0;
        }
    }

    /// <summary>Ends the comparison of <paramref name="deployment"/>'s rollout (its verdict was given and resolved).</summary>
    public void Forget(string deployment)
    {
        if (_tracks.TryGetValue(deployment, out var t))
        {
            t.Active = null;
        }
    }

    /// <summary>Writes the state (see <see cref="StateIo"/>).</summary>
    public void SaveState(BinaryWriter writer)
    {
        StateIo.WriteHeader(writer, Tag, FormatVersion);
        writer.Write(_tracks.Count);
        foreach (var (deployment, t) in _tracks)
        {
            writer.Write(deployment);
            writer.Write(t.Dominant);
            writer.Write(t.LowWindows);
            writer.Write(t.Known.Count);
            foreach (var v in t.Known)
            {
                writer.Write(v);
            }

            writer.Write(t.Active is not null);
            if (t.Active is { } a)
            {
                writer.Write(a.Candidate);
                writer.Write(a.Baseline);
                writer.Write(a.StartMs);
                writer.Write(a.EndMs);
            }
        }
    }

    /// <summary>Restores state written by <see cref="SaveState"/> into a fresh instance.</summary>
    public void RestoreState(BinaryReader reader)
    {
        StateIo.ReadHeader(reader, Tag, FormatVersion);
        _tracks.Clear();
        var n = reader.ReadInt32();
        for (var i = 0; i < n; i++)
        {
            var deployment = reader.ReadString();
            var t = new Track { Dominant = reader.ReadString(), LowWindows = reader.ReadInt32() };
            var known = reader.ReadInt32();
            for (var k = 0; k < known; k++)
            {
                t.Known.Add(reader.ReadString());
            }

            if (reader.ReadBoolean())
            {
                t.Active = new ActiveRollout(reader.ReadString(), reader.ReadString(), reader.ReadInt64(), reader.ReadInt64());
            }

            _tracks[deployment] = t;
        }
    }

    private sealed class Track
    {
        public required string Dominant;
        public SortedSet<string> Known { get; } = new(StringComparer.Ordinal);
        public ActiveRollout? Active;
        public int LowWindows;
    }
}
