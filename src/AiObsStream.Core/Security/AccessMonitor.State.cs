using AiObsStream.Core.State;

namespace AiObsStream.Core.Security;

/// <content>
/// Saved state: the warm-up start, and per resource its open window, identity slots (Space-Saving), per-identity
/// baselines, hour-of-day profiles and alert states, and the set of identities already seen, so that a restored
/// monitor neither re-reports known identities as new nor relearns its profiles.
/// </content>
public sealed partial class AccessMonitor
{
    private const byte StateVersion = 1;

    /// <summary>Writes the whole state as a framed, checksummed <c>ACCS</c> section.</summary>
    public void SaveState(BinaryWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        StateFrame.Write(w, "ACCS", StateVersion, this, static (b, m) => m.WriteBody(b));
    }

    /// <summary>Restores state written by <see cref="SaveState"/> into this freshly made monitor (same options).</summary>
    /// <exception cref="InvalidDataException">The section is truncated, corrupt, of another version, or does not fit the options.</exception>
    public void RestoreState(BinaryReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        StateFrame.Read(r, "ACCS", StateVersion, "access monitor", this, static (b, m) => m.ReadBody(b));
    }

    private void WriteBody(BinaryWriter w)
    {
        w.Write(_firstMs);
        w.Write(Late);
        w.Write(Untracked);
        w.Write(Unjudged);
        w.Write(_ordered.Count);
        foreach (var r in _ordered)
        {
            w.Write(r.Resource);
            w.Write(r.Source);
            w.Write(r.Deployment);
            w.Write(r.WindowStart);
            r.Identities.Save(w);
            w.Write(r.Slots.Length);
            foreach (var s in r.Slots)
            {
                w.Write(s.Reads);
                w.Write(s.KeyLists);
                w.Write(s.KeyRegenerations);
                w.Write(s.New);
                w.Write(s.OffHours);
                w.Write(s.Operation);
                SecurityStateCodec.WriteEwma(w, s.ReadBase);
                w.Write(s.Windows);
                w.Write(s.FirstMs);
                foreach (var h in s.Hours)
                {
                    w.Write(h);
                }

                w.Write(s.HourTotal);
                SecurityStateCodec.WriteAlerts(w, s.Alerts);
            }

            // Sorted: the set's own order depends on its history, the checkpoint should not.
            w.Write(r.Known.Count);
            foreach (var hash in r.Known.Order())
            {
                w.Write(hash);
            }
        }
    }

    private void ReadBody(BinaryReader b)
    {
        StateFrame.Check(_resources.Count == 0 && _firstMs == long.MinValue, "an access monitor is restored only when fresh");
        _firstMs = b.ReadInt64();
        Late = b.ReadInt64();
        Untracked = b.ReadInt64();
        Unjudged = b.ReadInt64();
        var count = StateFrame.ReadCount(b, "access monitor resources", _options.MaxResources);
        string? previous = null;
        for (var k = 0; k < count; k++)
        {
            var r = new ResourceAccess(b.ReadString(), StateCodec.Canonical(b.ReadString()), StateCodec.Canonical(b.ReadString()),
                _options.TopK);
            StateFrame.Check(previous is null || string.CompareOrdinal(previous, r.Resource) < 0, "resources out of order");
            previous = r.Resource;
            r.WindowStart = b.ReadInt64();
            r.Identities.Restore(b);
            var slots = b.ReadInt32();
            StateFrame.Check(slots == r.Slots.Length, $"{slots} identity states saved for {r.Slots.Length} slots");
            foreach (var s in r.Slots)
            {
                s.Reads = b.ReadDouble();
                s.KeyLists = b.ReadInt32();
                s.KeyRegenerations = b.ReadInt32();
                s.New = b.ReadBoolean();
                s.OffHours = b.ReadInt32();
                s.Operation = StateCodec.Canonical(b.ReadString());
                s.ReadBase = SecurityStateCodec.ReadEwma(b);
                s.Windows = b.ReadInt32();
                s.FirstMs = b.ReadInt64();
                for (var h = 0; h < s.Hours.Length; h++)
                {
                    s.Hours[h] = b.ReadDouble();
                }

                s.HourTotal = b.ReadDouble();
                SecurityStateCodec.ReadAlerts(b, s.Alerts);
            }

            var known = StateFrame.ReadCount(b, "known identities", _options.MaxKnownIdentities);
            for (var i = 0; i < known; i++)
            {
                StateFrame.Check(r.Known.Add(b.ReadUInt64()), "an identity is remembered twice");
            }

            _resources.Add(r.Resource, r);
            _ordered.Add(r);
            if (r.WindowStart != long.MinValue)
            {
                _minOpen = Math.Min(_minOpen, r.WindowStart);
            }
        }
    }
}
