namespace AiObsStream.Cli.ConsoleView;

/// <summary>
/// Bytes and records per second over the last few seconds (a sliding window, so a stall shows within the window and
/// the ETA follows the current speed rather than the average since the start).
/// </summary>
internal sealed class RateMeter(TimeSpan window)
{
    private readonly Queue<(TimeSpan At, long Bytes, long Records)> _samples = new();

    /// <summary>Bytes per second, null until two samples are far enough apart to measure.</summary>
    public double? BytesPerSecond { get; private set; }

    /// <summary>Records per second, null until two samples are far enough apart to measure.</summary>
    public double? RecordsPerSecond { get; private set; }

    /// <summary>Adds the cumulative counters at <paramref name="at"/> (time since the run started) and updates the rates.</summary>
    public void Add(TimeSpan at, long bytes, long records)
    {
        _samples.Enqueue((at, bytes, records));
        // Keep one sample at or before the window's start so the rate always spans the whole window.
        while (_samples.Count > 2 && at - _samples.ElementAt(1).At >= window)
        {
            _samples.Dequeue();
        }

        var first = _samples.Peek();
        var seconds = (at - first.At).TotalSeconds;
        if (seconds < 0.2)
        {
            return; // too close to measure: keep the last rates
        }

        BytesPerSecond = Math.Max(0, bytes - first.Bytes) / seconds;
        RecordsPerSecond = Math.Max(0, records - first.Records) / seconds;
    }
}
