using AiObsStream.Core.State;

namespace AiObsStream.Core.Actions;

/// <content>Saved state: decided keys, announcements, suppressions, rate-limit and cooldown history, deployment versions.</content>
public sealed partial class ActionDecider
{
    private const byte StateVersion = 1;

    /// <summary>Writes the state (the open incidents' latest events are not kept: a restored decider reads the pseudo-alert).</summary>
    public void SaveState(BinaryWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        StateIo.WriteHeader(w, "ACTN", StateVersion);
        WriteSet(w, _done);
        WriteSet(w, _announced);
        w.Write(_suppressed.Count);
        foreach (var (key, kind) in _suppressed)
        {
            w.Write(key);
            w.Write(kind);
        }

        w.Write(_lastFired.Count);
        foreach (var (scope, time) in _lastFired)
        {
            w.Write(scope);
            w.Write(time);
        }

        w.Write(_fires.Count);
        foreach (var (name, times) in _fires.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            w.Write(name);
            w.Write(times.Count);
            foreach (var t in times)
            {
                w.Write(t);
            }
        }

        _versions.Save(w);
    }

    /// <summary>Restores state written by <see cref="SaveState"/>; history of actions no longer configured is dropped.</summary>
    /// <exception cref="InvalidDataException">The state is not an action decider's.</exception>
    public void RestoreState(BinaryReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        StateIo.ReadHeader(r, "ACTN", StateVersion);
        ReadSet(r, _done);
        ReadSet(r, _announced);
        _suppressed.Clear();
        for (var n = r.ReadInt32(); n > 0; n--)
        {
            _suppressed[r.ReadString()] = r.ReadString();
        }

        _lastFired.Clear();
        for (var n = r.ReadInt32(); n > 0; n--)
        {
            _lastFired[r.ReadString()] = r.ReadInt64();
        }

        foreach (var q in _fires.Values)
        {
            q.Clear();
        }

        for (var n = r.ReadInt32(); n > 0; n--)
        {
            var name = r.ReadString();
            var count = r.ReadInt32();
            var q = _fires.GetValueOrDefault(name);
            for (var i = 0; i < count; i++)
            {
                var t = r.ReadInt64();
                q?.Enqueue(t);
            }
        }

        _versions.Restore(r);
    }

    private static void WriteSet(BinaryWriter w, SortedSet<string> set)
    {
        w.Write(set.Count);
        foreach (var s in set)
        {
            w.Write(s);
        }
    }

    private static void ReadSet(BinaryReader r, SortedSet<string> set)
    {
        set.Clear();
        for (var n = r.ReadInt32(); n > 0; n--)
        {
            set.Add(r.ReadString());
        }
    }
}
