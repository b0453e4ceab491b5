namespace AiObsStream.Formats.Prometheus;

/// <summary>What a <see cref="PrometheusTextParser"/> does with a DCGM sample that has no timestamp.</summary>
public enum MissingTimestampPolicy
{
    /// <summary>The sample takes the default time (the scrape time): live scrapes and messages, where no sample has one.</summary>
    UseDefaultTime = 0,

    /// <summary>
    /// File replay: once a sample of the input has carried a timestamp, a DCGM sample without one is suspect (a line cut
    /// before its timestamp) and is an <c>invalid_value</c> reject instead of taking the file's modification time.
    /// </summary>
    RejectOnceTimestamped = 1,

    /// <summary>Every DCGM sample without a timestamp is rejected (the input is known to carry timestamps).</summary>
    Reject = 2,
}
