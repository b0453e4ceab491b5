using AiObsStream.Core.Sketches;
using AiObsStream.Core.State;

namespace AiObsStream.Core.Network;

/// <content>Saved state: the sketch, the last latency and the jitter sums, so a restored window continues exactly.</content>
internal sealed partial class LatencyWindow
{
    /// <summary>An empty window (declared here because the restoring constructor below hides the implicit one).</summary>
    public LatencyWindow()
    {
    }

    private LatencyWindow(DDSketch sketch)
    {
        _sketch = sketch;
    }

    /// <summary>Writes the window.</summary>
    public void Save(BinaryWriter w)
    {
        StateCodec.WriteSketch(w, _sketch);
        w.Write(_last);
        w.Write(_absDiffs);
        w.Write(_diffs);
    }

    /// <summary>Reads a window written by <see cref="Save"/>.</summary>
    public static LatencyWindow Read(BinaryReader r)
    {
        var sketch = StateCodec.ReadSketch(r) ?? throw new InvalidDataException("a latency window has no sketch");
        var window = new LatencyWindow(sketch)
        {
            _last = r.ReadDouble(),
            _absDiffs = r.ReadDouble(),
            _diffs = r.ReadInt64(),
        };
        StateFrame.Check(window._diffs >= 0 && window._diffs < Math.Max(1, window.Count), "a latency window's jitter count exceeds its calls");
        return window;
    }
}
