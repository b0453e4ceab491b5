namespace AiObsStream.Pipeline.Engine;

/// <content>Checkpoint of one input's ingestion windows (arrival times are live state: they restart at the restore).</content>
internal sealed partial class IngestHealth
{
    /// <summary>Writes input <paramref name="input"/>'s open windows (ascending) and reporting positions.</summary>
    public void SaveInput(BinaryWriter w, int input)
    {
        var s = _inputs[input];
        w.Write(s.ReportedThrough);
        w.Write(s.LastDataWindow);
        w.Write(s.NewestMs);
        w.Write(s.PendingRejects);
        w.Write(s.SilentRows);
        var starts = s.Open.Keys.ToArray();
        Array.Sort(starts);
        w.Write(starts.Length);
        foreach (var start in starts)
        {
            w.Write(start);
            w.Write(s.Open[start].Accepted);
            w.Write(s.Open[start].Rejected);
        }
    }

    /// <summary>Reads what <see cref="SaveInput"/> wrote into input <paramref name="input"/> (or discards it when &lt; 0).</summary>
    public void RestoreInput(BinaryReader r, int input, long nowMs)
    {
        var s = input >= 0 ? _inputs[input] : new InputIngest();
        s.ReportedThrough = r.ReadInt64();
        s.LastDataWindow = r.ReadInt64();
        s.NewestMs = r.ReadInt64();
        s.PendingRejects = r.ReadInt64();
        s.SilentRows = r.ReadInt32();
        var n = r.ReadInt32();
        if (n < 0 || n > 1 << 24)
        {
            throw new InvalidDataException($"ingestion windows: count {n} out of range");
        }

        s.Open.Clear();
        s.Cached = null;
        for (var k = 0; k < n; k++)
        {
            var start = r.ReadInt64();
            s.Open[start] = new Counts { Accepted = r.ReadInt64(), Rejected = r.ReadInt64() };
        }

        s.LastArrivalMs = s.Live && s.NewestMs != long.MinValue ? nowMs : long.MinValue; // silence is measured from the restart
    }
}
