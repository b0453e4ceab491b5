namespace AiObsStream.Pipeline.Diagnostics;

/// <summary>A snapshot of one sink's delivery counters and state, for <c>/metrics</c> and <c>/readyz</c>.</summary>
/// <param name="Delivered">Items the destination acknowledged (rows, messages, payloads; the sink's own unit).</param>
/// <param name="Retries">Attempts repeated after a transient failure.</param>
/// <param name="Faults">The sink's own I/O faults it survived (a dead-letter or spool file that could not be written, a
/// loop error caught): each may have lost what it was writing, so a non-zero count needs a look.</param>
/// <param name="DeadLettered">Items set aside as undeliverable (dead-letter file, rejected spool, failed deliveries).</param>
/// <param name="QueueDepth">Items waiting in memory (queued and in flight).</param>
/// <param name="Problem">Why the sink is not healthy now (null when it is): the reason <c>/readyz</c> reports.</param>
/// <param name="LastError">The last error seen, even if the sink has recovered since (null when none).</param>
public readonly record struct SinkHealth(
    long Delivered,
    long Retries,
    long Faults,
    long DeadLettered,
    long QueueDepth,
    string? Problem,
    string? LastError)
{
    /// <summary>Whether the sink is healthy now.</summary>
    public bool Healthy => Problem is null;
}
