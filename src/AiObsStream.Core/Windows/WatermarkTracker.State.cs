using AiObsStream.Core.State;

namespace AiObsStream.Core.Windows;

/// <content>Checkpoint of the per-input max times, finished flags and the combined watermark.</content>
public sealed partial class WatermarkTracker
{
    private const string StateTag = "WMRK";
    private const byte StateVersion = 1;

    /// <summary>Writes the tracker's state (inputs, their max times and finished flags, the watermark).</summary>
    /// <param name="writer">The destination.</param>
    public void SaveState(BinaryWriter writer) => StateFrame.Write(writer, StateTag, StateVersion, this, static (w, self) =>
    {
        w.Write(self._disorderMs);
        w.Write(self._watermark);
        w.Write(self._maxTime.Count);
        for (var i = 0; i < self._maxTime.Count; i++)
        {
            w.Write(self._maxTime[i]);
            w.Write(self._finished[i]);
        }
    });

    /// <summary>Replaces this tracker's inputs and watermark with a state written by <see cref="SaveState"/>.</summary>
    /// <param name="reader">The source.</param>
    /// <exception cref="InvalidDataException">The state is truncated, corrupt, of another version or another disorder.</exception>
    public void RestoreState(BinaryReader reader) => StateFrame.Read(reader, StateTag, StateVersion, nameof(WatermarkTracker), this, static (r, self) =>
    {
        var disorder = r.ReadInt64();
        StateFrame.Check(disorder == self._disorderMs, $"allowed disorder {disorder} ms differs from this tracker's {self._disorderMs} ms");
        var watermark = r.ReadInt64();
        var n = StateFrame.ReadCount(r, "inputs", 1 << 20);
        self._maxTime.Clear();
        self._finished.Clear();
        self._idle.Clear();
        for (var i = 0; i < n; i++)
        {
            self._maxTime.Add(r.ReadInt64());
            self._finished.Add(r.ReadBoolean());
            self._idle.Add(false); // idleness is live state: inputs report it again after a restart
        }

        self._watermark = watermark;
    });
}
