using System.Globalization;
using AiObsStream.Pipeline.Diagnostics;

namespace AiObsStream.Kafka.Relay;

/// <summary>
/// The probes of <c>aiobs relay</c>: live (<c>/healthz</c>: the relay's loop has not failed) and ready (<c>/readyz</c>:
/// partitions assigned, caught up, checkpoints not stuck while work waits, every sink healthy).
/// </summary>
/// <remarks>
/// As for the engine (<see cref="ServiceHealth"/>), liveness is narrow: a receiver that is down or a backlog makes the
/// relay not ready, never a restart (a restart would only replay the batch in hand). A relay idle on a quiet topic is
/// ready however old its last checkpoint: a checkpoint is written per batch, so its age only matters while work waits.
/// </remarks>
public sealed class RelayHealth : IServiceHealth
{
    /// <summary>The default of <see cref="StuckAfter"/>: far above a batch's normal settle time (sinks' retries included).</summary>
    public static readonly TimeSpan DefaultStuckAfter = TimeSpan.FromMinutes(2);

    private readonly RelayProgress _progress;
    private readonly Func<IReadOnlyList<ISinkHealth>> _sinks;

    /// <summary>Creates the probes of one relay.</summary>
    /// <param name="progress">The relay's progress.</param>
    /// <param name="maxLag">Most messages behind (all partitions together) that still count as caught up.</param>
    /// <param name="sinks">The relay's sinks that report health.</param>
    /// <param name="stuckAfter">How long work may wait without a checkpoint before the relay is not ready (null: <see cref="DefaultStuckAfter"/>).</param>
    public RelayHealth(RelayProgress progress, long maxLag, Func<IReadOnlyList<ISinkHealth>> sinks, TimeSpan? stuckAfter = null)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(sinks);
        ArgumentOutOfRangeException.ThrowIfNegative(maxLag);
        _progress = progress;
        _sinks = sinks;
        MaxLag = maxLag;
        StuckAfter = stuckAfter ?? DefaultStuckAfter;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(StuckAfter, TimeSpan.Zero, nameof(stuckAfter));
    }

    /// <summary>Most messages behind that still count as caught up.</summary>
    public long MaxLag { get; }

    /// <summary>How long messages may wait (behind, or in a batch not yet settled) with no checkpoint written.</summary>
    public TimeSpan StuckAfter { get; }

    /// <inheritdoc/>
    public HealthReport Live() => _progress.Failure is { } failure ? new HealthReport("failed", [failure]) : new HealthReport("ok", []);

    /// <inheritdoc/>
    public HealthReport Ready()
    {
        if (_progress.Failure is { } failure)
        {
            return new HealthReport("failed", ["relay: " + failure]);
        }

        if (_progress.Assignments == 0 || _progress.Rebalancing)
        {
            return new HealthReport("starting", [_progress.Assignments == 0
                ? "relay: waiting for the partition assignment of its group"
                : "relay: rebalance under way (partitions revoked, next assignment pending)"]);
        }

        var reasons = new List<string>();
        var partitions = _progress.Partitions();
        var unknown = partitions.Count(p => p.Lag < 0);
        var lag = partitions.Where(p => p.Lag > 0).Sum(p => p.Lag);
        if (unknown > 0)
        {
            reasons.Add(Text($"lag: not known yet on {unknown} of {partitions.Count} partitions (no fetch answered)"));
        }

        if (lag > MaxLag)
        {
            reasons.Add(Text($"lag: {lag} messages behind (more than service.readyMaxLag {MaxLag})"));
        }

        var waiting = lag + _progress.InHand;
        var now = _progress.Time.GetUtcNow().ToUnixTimeMilliseconds();
        var since = Math.Max(_progress.LastCheckpointUnixMs ?? 0, _progress.AssignedUnixMs ?? 0);
        var age = TimeSpan.FromMilliseconds(Math.Max(0, now - since));
        if (waiting > 0 && age > StuckAfter)
        {
            reasons.Add(Text($"checkpoint: none written for {age.TotalSeconds:F0} s while {waiting} messages wait (a batch not settling: see the sinks)"));
        }

        foreach (var sink in _sinks())
        {
            if (sink.Health.Problem is { } problem)
            {
                reasons.Add("sink " + sink.SinkName + ": " + problem);
            }
        }

        return reasons.Count == 0 ? new HealthReport("ok", []) : new HealthReport("not ready", reasons);
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
