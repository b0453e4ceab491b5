using AiObsStream.Core.State;

namespace AiObsStream.Core.Windows;

/// <content>Checkpoint of the newest accepted time and the held suspects (whole events: they are not aggregated yet).</content>
public sealed partial class AheadGuard
{
    private const string StateTag = "AHED";
    private const byte StateVersion = 1;

    /// <summary>Writes the guard's state (newest time, first records still held, suspects in offer order with their votes).</summary>
    /// <param name="writer">The destination.</param>
    public void SaveState(BinaryWriter writer) => StateFrame.Write(writer, StateTag, StateVersion, this, static (w, self) =>
    {
        w.Write(self._maxAheadMs);
        w.Write(self._confirm);
        w.Write(self.MaxTime);
        w.Write(self._warm);
        w.Write(self._start.Count);
        foreach (var e in self._start)
        {
            EventCodec.WriteEvent(w, in e);
        }

        w.Write(self._held.Count);
        foreach (var s in self._held)
        {
            w.Write(s.Reference);
            w.Write(s.Support);
            w.Write(s.Contradict);
            EventCodec.WriteEvent(w, in s.Event);
        }
    });

    /// <summary>Replaces this guard's state with one written by <see cref="SaveState"/>.</summary>
    /// <param name="reader">The source.</param>
    /// <exception cref="InvalidDataException">The state is truncated, corrupt or was taken with other settings.</exception>
    public void RestoreState(BinaryReader reader) => StateFrame.Read(reader, StateTag, StateVersion, nameof(AheadGuard), this, static (r, self) =>
    {
        var maxAhead = r.ReadInt64();
        var confirm = r.ReadInt32();
        StateFrame.Check(maxAhead == self._maxAheadMs && confirm == self._confirm,
            $"maxAhead/confirmAhead {maxAhead} ms/{confirm} differ from this guard's {self._maxAheadMs} ms/{self._confirm}");
        self.MaxTime = r.ReadInt64();
        self._warm = r.ReadBoolean();
        var starting = StateFrame.ReadCount(r, "first records", 1024);
        self._start.Clear();
        for (var i = 0; i < starting; i++)
        {
            self._start.Add(EventCodec.ReadEvent(r));
        }

        var n = StateFrame.ReadCount(r, "held suspects", 1 << 16);
        self._held.Clear();
        for (var i = 0; i < n; i++)
        {
            var reference = r.ReadInt64();
            var support = r.ReadInt32();
            var contradict = r.ReadInt32();
            self._held.Add(new Suspect(EventCodec.ReadEvent(r), reference) { Support = support, Contradict = contradict });
        }
    });
}
