using AiObsStream.Core.Operators;
using AiObsStream.Core.Rules;
using AiObsStream.Core.State;
using AiObsStream.Core.Versions;
using static AiObsStream.Core.State.StateCollections;

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
        WriteMap(w, self._load, static (w, history) => WriteList(w, history.Windows, WriteLoadWindow));
        WriteMap(w, self._hostDeployments, WriteSet);
        WriteMap(w, self._rollouts, static (w, list) => WriteList(w, list, StateCodec.WriteRollout));
        WriteMap(w, self._latencyP95, static (w, versions) => WriteMap(w, versions, WriteDouble));
        WriteMap(w, self._gpuUtil, WriteDouble);
        WriteMap(w, self._firstSeen, static (w, first) => w.Write(first));
        WriteList(w, self._pending, StateCodec.WriteAlert);
        WriteList(w, self._open.Values, WriteIncident);
        WriteList(w, self._resolved, WriteIncident);
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

        ReadMap(r, StateFrame.ReadCount(r, "rollout deployments"), self._rollouts, static r =>
        {
            var list = new List<RolloutEvent>();
            ReadList(r, StateFrame.ReadCount(r, "rollouts", RolloutsPerDeployment), list, StateCodec.ReadRollout);
            return list;
        });
        ReadMap(r, StateFrame.ReadCount(r, "latency deployments"), self._latencyP95, static r =>
        {
            var versions = new SmallOrdinalMap<double>();
            ReadMap(r, StateFrame.ReadCount(r, "latency versions", VersionsPerDeployment), versions, ReadDouble);
            return versions;
        });
        ReadMap(r, StateFrame.ReadCount(r, "GPU utilizations", GpusKept), self._gpuUtil, ReadDouble);
        ReadMap(r, StateFrame.ReadCount(r, "first windows"), self._firstSeen, static r => r.ReadInt64());
        ReadList(r, StateFrame.ReadCount(r, "pending alerts"), self._pending, StateCodec.ReadAlert);
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

        ReadList(r, StateFrame.ReadCount(r, "resolved incidents", RecentResolvedKept), self._resolved, r => ReadIncident(r, self._windowMs));
        foreach (var incident in self._resolved)
        {
            self._resolvedById[incident.Id] = incident;
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
        _resolvedById.Clear();
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
        WriteList(w, x.Signals.Values, WriteSignal);
        WriteMap(w, x.Members, static (w, firing) => w.Write(firing));
        WriteMap(w, x.Numbers, WriteDouble);
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
            var s = ReadSignal(r);
            x.Signals[SignalState.KeyOf(s.Rule, s.Deployment, s.Host)] = s;
        }

        ReadMap(r, StateFrame.ReadCount(r, "members"), x.Members, static r => r.ReadBoolean());
        ReadMap(r, StateFrame.ReadCount(r, "evidence numbers"), x.Numbers, ReadDouble);
        x.ConfoundedVersion = r.ReadString();
        x.Announced = r.ReadBoolean();
        x.Dirty = r.ReadBoolean();
        x.ChangedAtMs = r.ReadInt64();
        x.AnnouncedSeverity = StateCodec.ReadEnum<Severity>(r.ReadInt32());
        x.AllResolvedAtMs = r.ReadInt64();
        x.ResolvedAtMs = StateCodec.ReadNullableLong(r);
        return x;
    }

    private static void WriteSignal(BinaryWriter w, SignalState s)
    {
        w.Write(s.Rule);
        w.Write(s.Metric);
        w.Write((int)s.Statistic);
        w.Write(s.Deployment);
        w.Write(s.Host);
        w.Write(s.Up);
        WriteMap(w, s.Sources, static (w, p) =>
        {
            w.Write(p.Peak);
            w.Write(p.Threshold);
            w.Write((int)p.Severity);
            w.Write(p.ModelVersion);
        });
        w.Write(s.AlertCount);
        WriteSet(w, s.Firing);
        w.Write(s.StartedAtMs);
        w.Write(s.EndedAtMs);
    }

    private static SignalState ReadSignal(BinaryReader r)
    {
        var s = new SignalState(r.ReadString(), r.ReadString(), StateCodec.ReadEnum<Statistic>(r.ReadInt32()), r.ReadString(), r.ReadString(), r.ReadBoolean());
        ReadMap(r, StateFrame.ReadCount(r, "signal sources"), s.Sources,
            static r => new SourcePeak(r.ReadDouble(), r.ReadDouble(), StateCodec.ReadEnum<Severity>(r.ReadInt32()), r.ReadString()));
        s.AlertCount = r.ReadInt32();
        StateFrame.Check(s.AlertCount >= 0, "negative alert count");
        s.Firing.UnionWith(ReadSet(r));
        s.StartedAtMs = r.ReadInt64();
        s.EndedAtMs = r.ReadInt64();
        return s;
    }

    private static void WriteLoadWindow(BinaryWriter w, LoadWindow x)
    {
        w.Write(x.StartMs);
        w.Write(x.Requests);
        w.Write(x.Http429);
        w.Write(x.Baseline);
        w.Write(x.Surge);
    }

    private static void WriteDouble(BinaryWriter w, double value) => w.Write(value);

    private static double ReadDouble(BinaryReader r) => r.ReadDouble();

    private static void WriteSet(BinaryWriter w, SortedSet<string> set) => WriteList(w, set, static (w, s) => w.Write(s));

    private static List<string> ReadSet(BinaryReader r)
    {
        var n = StateFrame.ReadCount(r, "set");
        var list = new List<string>(n);
        ReadList(r, n, list, static r => r.ReadString());
        return list;
    }
}
