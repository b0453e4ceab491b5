using AiObsStream.Core.State;

namespace AiObsStream.Core.Security;

/// <content>
/// Saved state: every deployment's open window, baselines, Space-Saving slots and per-caller state, so that a restored
/// monitor judges the following windows exactly as one that never stopped (no relearning, no spurious surges).
/// </content>
public sealed partial class CallerConsumptionMonitor
{
    private const byte StateVersion = 1;

    /// <summary>Writes the whole state as a framed, checksummed <c>CALR</c> section.</summary>
    public void SaveState(BinaryWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        StateFrame.Write(w, "CALR", StateVersion, this, static (b, m) => m.WriteBody(b));
    }

    /// <summary>Restores state written by <see cref="SaveState"/> into this freshly made monitor (same options).</summary>
    /// <exception cref="InvalidDataException">The section is truncated, corrupt, of another version, or does not fit the options.</exception>
    public void RestoreState(BinaryReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        StateFrame.Read(r, "CALR", StateVersion, "caller monitor", this, static (b, m) => m.ReadBody(b));
    }

    private void WriteBody(BinaryWriter w)
    {
        w.Write(Late);
        w.Write(Untracked);
        w.Write(_ordered.Count);
        foreach (var d in _ordered)
        {
            w.Write(d.Deployment);
            w.Write(d.Source);
            w.Write(d.WindowStart);
            w.Write(d.Requests);
            w.Write(d.Tokens);
            w.Write(d.Bytes);
            w.Write(d.Sized);
            SecurityStateCodec.WriteEwma(w, d.RequestBase);
            SecurityStateCodec.WriteEwma(w, d.TokenBase);
            SecurityStateCodec.WriteEwma(w, d.BytesBase);
            w.Write(d.Windows);
            d.Callers.Save(w);
            w.Write(d.Slots.Count);
            foreach (var s in d.Slots)
            {
                w.Write(s.Requests);
                w.Write(s.Tokens);
                w.Write(s.Bytes);
                w.Write(s.Sized);
                w.Write(s.ModelName);
                w.Write(s.ModelVersion);
                SecurityStateCodec.WriteEwma(w, s.RequestBase);
                SecurityStateCodec.WriteEwma(w, s.TokenBase);
                SecurityStateCodec.WriteEwma(w, s.BytesBase);
                w.Write(s.Windows);
                SecurityStateCodec.WriteAlerts(w, s.Alerts);
            }
        }
    }

    private void ReadBody(BinaryReader r)
    {
        StateFrame.Check(_deployments.Count == 0 && Late == 0 && Untracked == 0, "a caller monitor is restored only when fresh");
        Late = r.ReadInt64();
        Untracked = r.ReadInt64();
        var count = StateFrame.ReadCount(r, "caller monitor deployments", _options.MaxDeployments);
        string? previous = null;
        for (var k = 0; k < count; k++)
        {
            var d = new DeploymentCallers(StateCodec.Canonical(r.ReadString()), StateCodec.Canonical(r.ReadString()), _options.TopK);
            StateFrame.Check(previous is null || string.CompareOrdinal(previous, d.Deployment) < 0, "deployments out of order");
            previous = d.Deployment;
            d.WindowStart = r.ReadInt64();
            d.Requests = r.ReadDouble();
            d.Tokens = r.ReadDouble();
            d.Bytes = r.ReadDouble();
            d.Sized = r.ReadDouble();
            d.RequestBase = SecurityStateCodec.ReadEwma(r);
            d.TokenBase = SecurityStateCodec.ReadEwma(r);
            d.BytesBase = SecurityStateCodec.ReadEwma(r);
            d.Windows = r.ReadInt32();
            d.Callers.Restore(r);
            var slots = StateFrame.ReadCount(r, "caller slots", _options.TopK);
            StateFrame.Check(slots == d.Callers.Count, $"{slots} caller states for {d.Callers.Count} tracked callers");
            for (var i = 0; i < slots; i++)
            {
                var s = d.Slot(i);
                s.Requests = r.ReadDouble();
                s.Tokens = r.ReadDouble();
                s.Bytes = r.ReadDouble();
                s.Sized = r.ReadDouble();
                s.ModelName = StateCodec.Canonical(r.ReadString());
                s.ModelVersion = StateCodec.Canonical(r.ReadString());
                s.RequestBase = SecurityStateCodec.ReadEwma(r);
                s.TokenBase = SecurityStateCodec.ReadEwma(r);
                s.BytesBase = SecurityStateCodec.ReadEwma(r);
                s.Windows = r.ReadInt32();
                SecurityStateCodec.ReadAlerts(r, s.Alerts);
            }

            _deployments.Add(d.Deployment, d);
            _ordered.Add(d);
            if (d.WindowStart != long.MinValue)
            {
                _minOpen = Math.Min(_minOpen, d.WindowStart);
            }
        }
    }
}
