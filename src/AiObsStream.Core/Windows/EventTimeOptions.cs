namespace AiObsStream.Core.Windows;

/// <summary>Event-time semantics: windows, watermark disorder and allowed lateness.</summary>
/// <remarks>
/// Watermark = max event time seen − <see cref="AllowedDisorder"/> (per input; the engine uses the minimum over active
/// inputs). A window fires when the watermark passes its end; it keeps accepting late records (and re-emits a corrected
/// row with the same identity) until the watermark passes end + <see cref="AllowedLateness"/>; later records are
/// dead-lettered with reason <c>late</c>. An event time more than <see cref="MaxAhead"/> ahead of its input's newest
/// accepted event time is held until the records after it confirm or contradict it (<see cref="ConfirmAhead"/>), so a
/// single damaged timestamp cannot move the watermark; in live modes an event time more than <see cref="MaxAhead"/>
/// ahead of its arrival time is rejected (reason <c>too_far_ahead</c>).
/// </remarks>
public sealed record EventTimeOptions
{
    /// <summary>Default options: 1-minute tumbling windows, 10 s disorder, 5 min lateness.</summary>
    public static EventTimeOptions Default { get; } = new();

    /// <summary>The window specification.</summary>
    public WindowSpec Window { get; init; } = new(TimeSpan.FromMinutes(1));

    /// <summary>How far behind the newest event the watermark trails.</summary>
    public TimeSpan AllowedDisorder { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long after the watermark passes a window's end late records still update it.</summary>
    public TimeSpan AllowedLateness { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How far an event time may run ahead of its input's newest accepted event time (replay and live) or of its
    /// arrival time (live) before it is suspect. Default 5 minutes, Azure Stream Analytics' early-arrival tolerance.
    /// </summary>
    public TimeSpan MaxAhead { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How many later records of the same input must agree with a suspect jump (be at least as far ahead, within
    /// <see cref="MaxAhead"/>) to accept it, or disagree with it (stay behind) to reject it as <c>too_far_ahead</c>.
    /// </summary>
    public int ConfirmAhead { get; init; } = 8;

    // The milliseconds below are read for every record (the sequencer, the series budget and the aggregator): an integer
    // division of the ticks, not TimeSpan.TotalMilliseconds' double division and conversion (the same value for the
    // non-negative durations Validate allows).

    /// <summary><see cref="MaxAhead"/> in milliseconds.</summary>
    public long MaxAheadMs => MaxAhead.Ticks / TimeSpan.TicksPerMillisecond;

    /// <summary>Allowed disorder in milliseconds.</summary>
    public long AllowedDisorderMs => AllowedDisorder.Ticks / TimeSpan.TicksPerMillisecond;

    /// <summary>Allowed lateness in milliseconds.</summary>
    public long AllowedLatenessMs => AllowedLateness.Ticks / TimeSpan.TicksPerMillisecond;

    /// <summary>Throws when the options are inconsistent (negative durations).</summary>
    public void Validate()
    {
        if (AllowedDisorder < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(AllowedDisorder), AllowedDisorder, "allowed disorder must be >= 0");
        }

        if (AllowedLateness < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(AllowedLateness), AllowedLateness, "allowed lateness must be >= 0");
        }

        if (MaxAhead <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAhead), MaxAhead, "maxAhead must be > 0");
        }

        if (ConfirmAhead is < 1 or > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(ConfirmAhead), ConfirmAhead, "confirmAhead must be 1..1024");
        }
    }

    /// <summary>True when a record at <paramref name="timeUnixMs"/> can no longer be accepted at watermark <paramref name="watermarkMs"/>.</summary>
    public bool IsTooLate(long timeUnixMs, long watermarkMs) =>
        watermarkMs != long.MinValue && Window.LatestEnd(timeUnixMs) + AllowedLatenessMs <= watermarkMs;
}
