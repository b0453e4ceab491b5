namespace AiObsStream.Kafka.ScaleOut;

/// <summary>
/// When a stage-2 member without tasks may stop with <c>--stop-when-idle</c>: only after it has been quiet (its stage 1
/// caught up) for the idle time <i>and</i> not between a revocation and the next assignment the whole time.
/// </summary>
/// <remarks>
/// Why the second condition: with the eager protocol a rebalance first revokes every task, and the next assignment only
/// comes once every known member has rejoined; after a SIGKILL that is when the dead member's session times out (the
/// session timeout, often longer than the idle time). A member that took that gap for "no work for me" stopped; when
/// every live member did so, nobody ran the tasks and the group ended with outputs missing (seen with 3 processes,
/// a kill and a restart). An empty assignment that was actually received is different: the group has more members than
/// partitions, and the member may go. Single-threaded.
/// </remarks>
internal sealed class StandBy(TimeProvider clock, TimeSpan? stopWhenIdle)
{
    private long _since = clock.GetTimestamp();

    /// <summary>Whether the member may stop now, given what it observes at this moment.</summary>
    /// <param name="quiet">Its stage 1 is caught up and has nothing to route.</param>
    /// <param name="awaitingAssignment">Its stage-2 consumer was revoked and has not been assigned again yet.</param>
    public bool ShouldStop(bool quiet, bool awaitingAssignment)
    {
        if (!quiet || awaitingAssignment)
        {
            _since = clock.GetTimestamp();
            return false;
        }

        return stopWhenIdle is { } limit && clock.GetElapsedTime(_since) >= limit;
    }
}
