namespace AiObsStream.Kafka.ScaleOut;

/// <summary>What one repartition partition knows of one source partition.</summary>
internal sealed class SourceProgress
{
    /// <summary>The largest event time the source has shown (long.MinValue before any).</summary>
    public long EventTime { get; set; } = long.MinValue;

    /// <summary>The source's last punctuation said it is caught up and quiet.</summary>
    public bool Idle { get; set; }

    /// <summary>The highest source offset whose records or dead letters were accepted here (-1 before any): the de-duplication mark.</summary>
    public long HighOffset { get; set; } = -1;
}
