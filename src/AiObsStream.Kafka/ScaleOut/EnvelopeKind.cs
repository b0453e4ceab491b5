namespace AiObsStream.Kafka.ScaleOut;

/// <summary>What a message on the repartition topic carries (its first byte after the format version).</summary>
internal enum EnvelopeKind : byte
{
    /// <summary>Parsed records of one source message that belong to this repartition partition.</summary>
    Records = 1,

    /// <summary>A source partition's event-time progress (sent to every repartition partition).</summary>
    Punctuation = 2,

    /// <summary>Rejects found while parsing one source message (sent to the partition its source partition maps to).</summary>
    DeadLetters = 3,
}
