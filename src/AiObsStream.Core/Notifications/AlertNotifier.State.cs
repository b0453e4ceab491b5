using AiObsStream.Core.State;

namespace AiObsStream.Core.Notifications;

/// <content>Checkpoint of the notifier: clock, counters, tracked alerts, groups and learned host → deployment links.</content>
/// <remarks>Alerts and groups are ordered maps (ordinal key order), so their bytes are deterministic as they are.</remarks>
public sealed partial class AlertNotifier
{
    private const string StateTag = "NTFY";
    private const byte StateVersion = 1;

    /// <summary>Writes the notifier's complete mutable state.</summary>
    /// <param name="writer">The destination.</param>
    public void SaveState(BinaryWriter writer) => StateFrame.Write(writer, StateTag, StateVersion, this, static (w, self) =>
    {
        w.Write(self._started);
        w.Write(self.NowMs);
        w.Write(self.FlapSuppressed);
        w.Write(self.Silenced);
        w.Write(self.Inhibited);
        w.Write(self.LateEvents);
        var hosts = new List<string>(self._hostDeployments.Keys);
        hosts.Sort(StringComparer.Ordinal);
        w.Write(hosts.Count);
        foreach (var host in hosts)
        {
            w.Write(host);
            WriteSorted(w, self._hostDeployments[host]);
        }

        w.Write(self._alerts.Count);
        for (var i = 0; i < self._alerts.Count; i++)
        {
            WriteTracked(w, self._alerts[i]);
        }

        w.Write(self._groups.Count);
        for (var i = 0; i < self._groups.Count; i++)
        {
            var g = self._groups[i];
            w.Write(g.Key);
            w.Write(g.NextFlushMs);
            w.Write(g.Sent);
            w.Write(g.LastSentMs);
            WriteSorted(w, g.LastSent);
            w.Write(g.Members.Count);
            for (var m = 0; m < g.Members.Count; m++)
            {
                w.Write(g.Members[m].Key);
            }
        }
    });

    /// <summary>
    /// Replaces this notifier's state with one written by <see cref="SaveState"/>. Call on a fresh instance with the
    /// same options; on failure the instance must be discarded.
    /// </summary>
    /// <param name="reader">The source.</param>
    /// <exception cref="InvalidDataException">The state is truncated, corrupt or of another version.</exception>
    public void RestoreState(BinaryReader reader) => StateFrame.Read(reader, StateTag, StateVersion, nameof(AlertNotifier), this, static (r, self) =>
    {
        self._started = r.ReadBoolean();
        self.NowMs = r.ReadInt64();
        self.FlapSuppressed = r.ReadInt64();
        self.Silenced = r.ReadInt64();
        self.Inhibited = r.ReadInt64();
        self.LateEvents = r.ReadInt64();
        self._hostDeployments.Clear();
        var hosts = StateFrame.ReadCount(r, "hosts");
        for (var i = 0; i < hosts; i++)
        {
            var host = r.ReadString();
            StateFrame.Check(self._hostDeployments.TryAdd(host, ReadSet(r)), $"host '{host}' is repeated");
        }

        while (self._alerts.Count > 0)
        {
            self._alerts.Remove(self._alerts[0].Key);
        }

        var alerts = StateFrame.ReadCount(r, "alerts");
        for (var i = 0; i < alerts; i++)
        {
            var tracked = ReadTracked(r);
            StateFrame.Check(!self._alerts.TryGetValue(tracked.Key, out _), $"alert '{tracked.Key}' is repeated");
            self._alerts.Set(tracked.Key, tracked);
        }

        self.RestoreGroups(r);
    });

    private void RestoreGroups(BinaryReader r)
    {
        while (_groups.Count > 0)
        {
            _groups.Remove(_groups[0].Key);
        }

        var groups = StateFrame.ReadCount(r, "groups");
        for (var i = 0; i < groups; i++)
        {
            var group = new AlertGroup(r.ReadString(), r.ReadInt64()) { Sent = r.ReadBoolean(), LastSentMs = r.ReadInt64() };
            group.LastSent.UnionWith(ReadSet(r));
            var members = StateFrame.ReadCount(r, "group members");
            for (var m = 0; m < members; m++)
            {
                var key = r.ReadString();
                StateFrame.Check(_alerts.TryGetValue(key, out var tracked) && tracked.Group is null,
                    $"group member '{key}' is not a tracked alert or is in two groups");
                group.Members.Set(key, tracked!);
                tracked!.Group = group;
            }

            StateFrame.Check(!_groups.TryGetValue(group.Key, out _), $"group '{group.Key}' is repeated");
            _groups.Set(group.Key, group);
        }
    }

    private static void WriteTracked(BinaryWriter w, TrackedAlert t)
    {
        w.Write(t.Key);
        StateCodec.WriteAlert(w, t.Latest);
        w.Write(t.UpstreamFiring);
        w.Write(t.UpstreamResolvedAtMs);
        StateCodec.WriteNullableLong(w, t.UpstreamEndsAtMs);
        w.Write(t.EffectiveFiring);
        w.Write(t.IncidentId);
        w.Write(t.StartsAtMs);
        w.Write((int)t.Severity);
        w.Write(t.Changes.Count);
        foreach (var change in t.Changes)
        {
            w.Write(change);
        }

        w.Write(t.SuppressedChanges);
        w.Write((byte)(t.BlockedDesired is null ? 2 : t.BlockedDesired.Value ? 1 : 0));
        w.Write(t.NotifiedFiring);
    }

    private static TrackedAlert ReadTracked(BinaryReader r)
    {
        var key = r.ReadString();
        var latest = StateCodec.ReadAlert(r);
        var t = new TrackedAlert(key, latest)
        {
            UpstreamFiring = r.ReadBoolean(),
            UpstreamResolvedAtMs = r.ReadInt64(),
            UpstreamEndsAtMs = StateCodec.ReadNullableLong(r),
            EffectiveFiring = r.ReadBoolean(),
            IncidentId = r.ReadString(),
            StartsAtMs = r.ReadInt64(),
            Severity = StateCodec.ReadEnum<Rules.Severity>(r.ReadInt32()),
        };
        var changes = StateFrame.ReadCount(r, "flap changes");
        for (var i = 0; i < changes; i++)
        {
            t.Changes.Enqueue(r.ReadInt64());
        }

        t.SuppressedChanges = r.ReadInt32();
        var blocked = r.ReadByte();
        StateFrame.Check(blocked <= 2, $"blocked-change flag {blocked} is undefined");
        t.BlockedDesired = blocked == 2 ? null : blocked == 1;
        t.NotifiedFiring = r.ReadBoolean();
        return t;
    }

    private static void WriteSorted(BinaryWriter w, HashSet<string> set)
    {
        var items = new List<string>(set);
        items.Sort(StringComparer.Ordinal);
        w.Write(items.Count);
        foreach (var item in items)
        {
            w.Write(item);
        }
    }

    private static HashSet<string> ReadSet(BinaryReader r)
    {
        var n = StateFrame.ReadCount(r, "string set");
        var set = new HashSet<string>(n, StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            StateFrame.Check(set.Add(r.ReadString()), "a set holds a repeated string");
        }

        return set;
    }
}
