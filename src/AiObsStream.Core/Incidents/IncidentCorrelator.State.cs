using AiObsStream.Core.Rules;
using AiObsStream.Core.State;
using AiObsStream.Core.Versions;

namespace AiObsStream.Core.Incidents;

/// <content>Checkpoint of the correlator: load rings, host links, rollouts, pending alerts, open and recently resolved incidents.</content>
/// <remarks>Every collection is written in ordinal key order, so the bytes are deterministic.</remarks>
public sealed partial class IncidentCorrelator
{
    private const string StateTag = "INCD";
    private const byte StateVersion = 3; // 2: signal start/end times, GPU utilization; 3: first window per deployment

    /// <summary>Writes the correlator's complete mutable state.</summary>
    /// <param name="writer">The destination.</param>
    public void SaveState(BinaryWriter writer) => StateFrame.Write(writer, StateTag, StateVersion, this, static (w, self) =>
    {
        w.Write(self._maxRowWindowMs);
        w.Write(self.Opened);
        w.Write(self.Events);
        w.Write(self.Overflow);
        w.Write(self.ForcedSettles);
        w.Write(self._load.Count);
        foreach (var (deployment, history) in self._load)
        {
            w.Write(deployment);
            w.Write(history.Windows.Count);
            foreach (var x in history.Windows)
            {
                w.Write(x.StartMs);
                w.Write(x.Requests);
                w.Write(x.Http429);
                w.Write(x.Baseline);
                w.Write(x.Surge);
            }
        }

        w.Write(self._hostDeployments.Count);
        foreach (var (host, deployments) in self._hostDeployments)
        {
            w.Write(host);
            WriteSet(w, deployments);
        }

        w.Write(self._rollouts.Count);
        foreach (var (deployment, list) in self._rollouts)
        {
            w.Write(deployment);
            w.Write(list.Count);
            foreach (var e in list)
            {
                w.Write((int)e.Kind);
                w.Write(e.Deployment);
                w.Write(e.Version);
                w.Write(e.PreviousVersion);
                w.Write(e.WindowStartMs);
                w.Write(e.Share);
            }
        }

        w.Write(self._latencyP95.Count);
        foreach (var (deployment, versions) in self._latencyP95)
        {
            w.Write(deployment);
            w.Write(versions.Count);
            foreach (var (version, p95) in versions)
            {
                w.Write(version);
                w.Write(p95);
            }
        }

        w.Write(self._gpuUtil.Count);
        foreach (var (gpu, util) in self._gpuUtil)
        {
            w.Write(gpu);
            w.Write(util);
        }

        w.Write(self._firstSeen.Count);
        foreach (var (deployment, first) in self._firstSeen)
        {
            w.Write(deployment);
            w.Write(first);
        }

        w.Write(self._pending.Count);
        foreach (var alert in self._pending)
        {
            StateCodec.WriteAlert(w, alert);
        }

        w.Write(self._open.Count);
        foreach (var incident in self._open.Values)
        {
            WriteIncident(w, incident);
        }

        w.Write(self._resolved.Count);
        foreach (var incident in self._resolved)
        {
            WriteIncident(w, incident);
        }
    });

    /// <summary>
    /// Replaces this correlator's state with one written by <see cref="SaveState"/>. Call on a fresh instance with the
    /// same options; on failure the instance must be discarded.
    /// </summary>
    /// <param name="reader">The source.</param>
    /// <exception cref="InvalidDataException">The state is truncated, corrupt or of another version.</exception>
    public void RestoreState(BinaryReader reader) => StateFrame.Read(reader, StateTag, StateVersion, nameof(IncidentCorrelator), this, static (r, self) =>
    {
        self.Clear();
        self._maxRowWindowMs = r.ReadInt64();
        self.Opened = r.ReadInt64();
        self.Events = r.ReadInt64();
        self.Overflow = r.ReadInt64();
        self.ForcedSettles = r.ReadInt64();
        var deployments = StateFrame.ReadCount(r, "load histories");
        for (var i = 0; i < deployments; i++)
        {
            var history = self.History(r.ReadString());
            var windows = StateFrame.ReadCount(r, "load windows", 1000);
            for (var j = 0; j < windows; j++)
            {
                history.Restore(new LoadWindow(r.ReadInt64(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadBoolean()));
            }
        }

        var hosts = StateFrame.ReadCount(r, "hosts");
        for (var i = 0; i < hosts; i++)
        {
            var host = r.ReadString();
            foreach (var deployment in ReadSet(r))
            {
                self.Link(host, deployment);
            }
        }

        var rolled = StateFrame.ReadCount(r, "rollout deployments");
        for (var i = 0; i < rolled; i++)
        {
            var list = new List<RolloutEvent>();
            self._rollouts[r.ReadString()] = list;
            var n = StateFrame.ReadCount(r, "rollouts", RolloutsPerDeployment);
            for (var j = 0; j < n; j++)
            {
                list.Add(new RolloutEvent(StateCodec.ReadEnum<RolloutKind>(r.ReadInt32()), r.ReadString(), r.ReadString(), r.ReadString(), r.ReadInt64(), r.ReadDouble()));
            }
        }

        var latency = StateFrame.ReadCount(r, "latency deployments");
        for (var i = 0; i < latency; i++)
        {
            var versions = new SortedDictionary<string, double>(StringComparer.Ordinal);
            self._latencyP95[r.ReadString()] = versions;
            var n = StateFrame.ReadCount(r, "latency versions", VersionsPerDeployment);
            for (var j = 0; j < n; j++)
            {
                versions[r.ReadString()] = r.ReadDouble();
            }
        }

        var gpus = StateFrame.ReadCount(r, "GPU utilizations", GpusKept);
        for (var i = 0; i < gpus; i++)
        {
            self._gpuUtil[r.ReadString()] = r.ReadDouble();
        }

        var seen = StateFrame.ReadCount(r, "first windows");
        for (var i = 0; i < seen; i++)
        {
            self._firstSeen[r.ReadString()] = r.ReadInt64();
        }

        var pending = StateFrame.ReadCount(r, "pending alerts");
        for (var i = 0; i < pending; i++)
        {
            self._pending.Add(StateCodec.ReadAlert(r));
        }

        var open = StateFrame.ReadCount(r, "open incidents");
        for (var i = 0; i < open; i++)
        {
            var incident = ReadIncident(r, self._windowMs);
            StateFrame.Check(self._open.TryAdd(incident), $"incident '{incident.Id}' is repeated");
            foreach (var alertId in incident.Members.Keys)
            {
                self._alertIncident[alertId] = incident.Id;
            }
        }

        var resolved = StateFrame.ReadCount(r, "resolved incidents", RecentResolvedKept);
        for (var i = 0; i < resolved; i++)
        {
            self._resolved.Add(ReadIncident(r, self._windowMs));
        }
    });

    private void Clear()
    {
        _load.Clear();
        _hostDeployments.Clear();
        _deploymentHosts.Clear();
        _rollouts.Clear();
        _latencyP95.Clear();
        _gpuUtil.Clear();
        _firstSeen.Clear();
        _pending.Clear();
        _open.Clear();
        _earliestExpiryMs = long.MinValue; // unknown: the next expiry check visits every open incident
        _alertIncident.Clear();
        _resolved.Clear();
    }

    private static void WriteIncident(BinaryWriter w, Incident x)
    {
        w.Write(x.Id);
        w.Write((int)x.Cause);
        w.Write(x.OpenWindowMs);
        w.Write(x.AnchorDeployment);
        w.Write(x.AnchorHost);
        w.Write(x.OpenedAtMs);
        WriteSet(w, x.Deployments);
        WriteSet(w, x.Hosts);
        WriteSet(w, x.Versions);
        w.Write(x.Signals.Count);
        foreach (var s in x.Signals.Values)
        {
            w.Write(s.Rule);
            w.Write(s.Metric);
            w.Write((int)s.Statistic);
            w.Write(s.Deployment);
            w.Write(s.Host);
            w.Write(s.Up);
            w.Write(s.Sources.Count);
            foreach (var (source, p) in s.Sources)
            {
                w.Write(source);
                w.Write(p.Peak);
                w.Write(p.Threshold);
                w.Write((int)p.Severity);
                w.Write(p.ModelVersion);
            }

            w.Write(s.AlertCount);
            WriteSet(w, s.Firing);
            w.Write(s.StartedAtMs);
            w.Write(s.EndedAtMs);
        }

        w.Write(x.Members.Count);
        foreach (var (id, firing) in x.Members)
        {
            w.Write(id);
            w.Write(firing);
        }

        w.Write(x.Numbers.Count);
        foreach (var (name, value) in x.Numbers)
        {
            w.Write(name);
            w.Write(value);
        }

        w.Write(x.ConfoundedVersion);
        w.Write(x.Announced);
        w.Write(x.Dirty);
        w.Write(x.ChangedAtMs);
        w.Write((int)x.AnnouncedSeverity);
        w.Write(x.AllResolvedAtMs);
        StateCodec.WriteNullableLong(w, x.ResolvedAtMs);
    }

    private static Incident ReadIncident(BinaryReader r, long windowMs)
    {
        var x = new Incident(r.ReadString(), StateCodec.ReadEnum<IncidentCause>(r.ReadInt32()), r.ReadInt64(), windowMs, r.ReadString(), r.ReadString())
        {
            OpenedAtMs = r.ReadInt64(),
        };
        x.Deployments.UnionWith(ReadSet(r));
        x.Hosts.UnionWith(ReadSet(r));
        x.Versions.UnionWith(ReadSet(r));
        var signals = StateFrame.ReadCount(r, "signals");
        for (var i = 0; i < signals; i++)
        {
            var s = new SignalState(r.ReadString(), r.ReadString(), StateCodec.ReadEnum<Statistic>(r.ReadInt32()), r.ReadString(), r.ReadString(), r.ReadBoolean());
            var sources = StateFrame.ReadCount(r, "signal sources");
            for (var j = 0; j < sources; j++)
            {
                s.Sources[r.ReadString()] = new SourcePeak(r.ReadDouble(), r.ReadDouble(), StateCodec.ReadEnum<Severity>(r.ReadInt32()), r.ReadString());
            }

            s.AlertCount = r.ReadInt32();
            StateFrame.Check(s.AlertCount >= 0, "negative alert count");
            s.Firing.UnionWith(ReadSet(r));
            s.StartedAtMs = r.ReadInt64();
            s.EndedAtMs = r.ReadInt64();
            x.Signals[SignalState.KeyOf(s.Rule, s.Deployment, s.Host)] = s;
        }

        var members = StateFrame.ReadCount(r, "members");
        for (var i = 0; i < members; i++)
        {
            x.Members[r.ReadString()] = r.ReadBoolean();
        }

        var numbers = StateFrame.ReadCount(r, "evidence numbers");
        for (var i = 0; i < numbers; i++)
        {
            x.Numbers[r.ReadString()] = r.ReadDouble();
        }

        x.ConfoundedVersion = r.ReadString();
        x.Announced = r.ReadBoolean();
        x.Dirty = r.ReadBoolean();
        x.ChangedAtMs = r.ReadInt64();
        x.AnnouncedSeverity = StateCodec.ReadEnum<Severity>(r.ReadInt32());
        x.AllResolvedAtMs = r.ReadInt64();
        x.ResolvedAtMs = StateCodec.ReadNullableLong(r);
        return x;
    }

    private static void WriteSet(BinaryWriter w, SortedSet<string> set)
    {
        w.Write(set.Count);
        foreach (var s in set)
        {
            w.Write(s);
        }
    }

    private static List<string> ReadSet(BinaryReader r)
    {
        var n = StateFrame.ReadCount(r, "set");
        var list = new List<string>(n);
        for (var i = 0; i < n; i++)
        {
            list.Add(r.ReadString());
        }

        return list;
    }
}
