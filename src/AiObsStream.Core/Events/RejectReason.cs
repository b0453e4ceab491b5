namespace AiObsStream.Core.Events;

/// <summary>Why an input was rejected (dead-lettered). Counted per reason.</summary>
public enum RejectReason : byte
{
    /// <summary>Not valid JSON / not valid exposition text (includes truncated bodies).</summary>
    Malformed = 0,

    /// <summary>Valid syntax but not a shape the engine knows (unknown category/Type, missing required fields).</summary>
    UnknownShape = 1,

    /// <summary>Larger than the configured maximum unit size.</summary>
    TooLarge = 2,

    /// <summary>Arrived after its window closed (event time beyond watermark minus allowed lateness).</summary>
    Late = 3,

    /// <summary>A value that cannot be used: NaN/Inf where a number is required, a time that cannot be parsed.</summary>
    InvalidValue = 4,

    /// <summary>
    /// An event time too far ahead of the input's recent event times (replay) or of its arrival time (live) to be
    /// trusted: a lone damaged timestamp that was not confirmed by the records after it (see <c>eventTime.maxAhead</c>).
    /// </summary>
    TooFarAhead = 5,

    /// <summary>
    /// The record would open a new series while the engine already holds its cardinality budget of active series
    /// (<c>limits.maxActiveSeries</c> / <c>--max-series</c>): a label explosion is counted and kept, never allowed to
    /// exhaust memory. Records of series already active are unaffected.
    /// </summary>
    SeriesBudget = 6,
}
