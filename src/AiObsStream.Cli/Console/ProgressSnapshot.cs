namespace AiObsStream.Cli.ConsoleView;

/// <summary>What the live view shows at one moment: per-input counters and the engine's incidents and watermark.</summary>
/// <param name="Inputs">Every input of the run.</param>
/// <param name="OpenIncidents">Incidents open now.</param>
/// <param name="WatermarkUnixMs">The engine's event-time watermark, null before every partition has one.</param>
internal sealed record ProgressSnapshot(IReadOnlyList<InputProgress> Inputs, int OpenIncidents, long? WatermarkUnixMs)
{
    /// <summary>Records parsed over all inputs.</summary>
    public long Records => Inputs.Sum(i => i.Records);

    /// <summary>Records or units rejected over all inputs.</summary>
    public long Rejected => Inputs.Sum(i => i.Rejected);

    /// <summary>Bytes read from the file inputs.</summary>
    public long FileBytes => Inputs.Where(i => !i.Live).Sum(i => i.Bytes);

    /// <summary>
    /// The bytes the file inputs hold in all, or -1 when one of them is not known (a gzip file whose size field does
    /// not hold its real size) or already exceeded (the estimate was wrong).
    /// </summary>
    public long FileTotalBytes =>
        Inputs.Where(i => !i.Live).Any(i => !i.Finished && (i.TotalBytes < 0 || i.Bytes > i.TotalBytes))
            ? -1
            : Inputs.Where(i => !i.Live).Sum(i => i.Finished ? i.Bytes : i.TotalBytes);

    /// <summary>Whether any input is a file.</summary>
    public bool HasFiles => Inputs.Any(i => !i.Live);

    /// <summary>Whether any input is live (a scrape, a Kafka / Event Hubs partition).</summary>
    public bool HasLive => Inputs.Any(i => i.Live);

    /// <summary>Messages behind the end of the live partitions, -1 when none reports a lag.</summary>
    public long Lag => Inputs.Any(i => i.Lag >= 0) ? Inputs.Where(i => i.Lag >= 0).Sum(i => i.Lag) : -1;
}

/// <summary>One input's counters.</summary>
/// <param name="Name">File path, URL or topic/partition.</param>
/// <param name="Live">Whether it is a live input (no end known in advance) rather than a file.</param>
/// <param name="Bytes">Bytes read (uncompressed).</param>
/// <param name="TotalBytes">The bytes a file holds (uncompressed), -1 when unknown or live.</param>
/// <param name="Records">Records parsed.</param>
/// <param name="Rejected">Records or units rejected.</param>
/// <param name="Lag">Messages behind the partition's end, -1 when not known or not a partition.</param>
/// <param name="Finished">Whether the input has ended.</param>
internal sealed record InputProgress(string Name, bool Live, long Bytes, long TotalBytes, long Records, long Rejected, long Lag, bool Finished);
