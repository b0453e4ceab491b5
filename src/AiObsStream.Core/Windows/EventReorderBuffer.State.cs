using AiObsStream.Core.State;

namespace AiObsStream.Core.Windows;

/// <content>Saved state: the release mark, the behind count and the held events (in content order).</content>
public sealed partial class EventReorderBuffer
{
    private const byte StateVersion = 1;

    /// <summary>Writes the whole state as a framed, checksummed <c>REOR</c> section.</summary>
    public void SaveState(BinaryWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        StateFrame.Write(w, "REOR", StateVersion, this, static (b, m) => m.WriteBody(b));
    }

    /// <summary>Restores state written by <see cref="SaveState"/> into this fresh buffer.</summary>
    /// <exception cref="InvalidDataException">The section is truncated, corrupt or of another version.</exception>
    public void RestoreState(BinaryReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        StateFrame.Read(r, "REOR", StateVersion, "monitor reorder buffer", this, static (b, m) => m.ReadBody(b));
    }

    private void WriteBody(BinaryWriter w)
    {
        DropHandedOut(heldPerDropped: int.MaxValue); // the checkpoint holds only the held events

        w.Write(ReleasedTo);
        w.Write(Behind);
        _held.Sort(ContentOrder.Instance); // the checkpoint does not depend on arrival order either
        _sorted = _held.Count;
        w.Write(_held.Count);
        foreach (var e in _held)
        {
            EventCodec.WriteEvent(w, in e);
        }
    }

    private void ReadBody(BinaryReader r)
    {
        StateFrame.Check(_held.Count == 0 && ReleasedTo == long.MinValue && Behind == 0, "a reorder buffer is restored only when fresh");
        ReleasedTo = r.ReadInt64();
        Behind = r.ReadInt64();
        StateFrame.Check(Behind >= 0, $"{Behind} events behind");
        var n = StateFrame.ReadCount(r, "held monitor events");
        for (var i = 0; i < n; i++)
        {
            _held.Add(EventCodec.ReadEvent(r));
        }
    }
}
