using AiObsStream.Core.State;

namespace AiObsStream.Core.Security;

/// <content>
/// Saved state of the feed itself: the held events and the time the monitors were stepped to (each monitor saves its
/// own section; the sequencer frames them all).
/// </content>
public sealed partial class MonitorFeed
{
    private const byte StateVersion = 1;

    /// <summary>Writes the feed's own state as a framed, checksummed <c>MFED</c> section.</summary>
    public void SaveState(BinaryWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        StateFrame.Write(w, "MFED", StateVersion, this, static (b, m) =>
        {
            b.Write(m._steppedTo);
            m._buffer.SaveState(b);
        });
    }

    /// <summary>Restores state written by <see cref="SaveState"/> into this fresh feed.</summary>
    /// <exception cref="InvalidDataException">The section is truncated, corrupt or of another version.</exception>
    public void RestoreState(BinaryReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        StateFrame.Read(r, "MFED", StateVersion, "monitor feed", this, static (b, m) =>
        {
            StateFrame.Check(m._steppedTo == long.MinValue && m._buffer.Count == 0, "a monitor feed is restored only when fresh");
            m._steppedTo = b.ReadInt64();
            m._buffer.RestoreState(b);
        });
    }
}
