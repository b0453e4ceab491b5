using System.Globalization;

namespace AiObsStream.Pipeline.Diagnostics;

/// <summary>
/// Decides the health probes from the observed engine runs and sinks: live (<c>/healthz</c>: the process runs and no
/// stage has failed) and ready (<c>/readyz</c>: the engine runs, its partitions are caught up, it checkpoints within its
/// interval and every sink is healthy).
/// </summary>
/// <remarks>
/// Liveness is deliberately narrow: a restart only helps when the process itself is broken (a stage failed), never for
/// lag or a receiver that is down (restarting would replay and make both worse). Readiness carries those, so a rollout
/// waits for the new instance to catch up and an operator sees why in the 503 body.
/// </remarks>
public sealed class ServiceHealth : IServiceHealth
{
    private readonly Func<IReadOnlyList<EngineProbe>> _runs;
    private readonly Func<IReadOnlyList<ISinkHealth>> _sinks;
    private readonly TimeProvider _clock;

    /// <summary>Creates the evaluator over the runs and sinks registered with <see cref="AiObsMetrics"/>.</summary>
    /// <param name="maxLag">Most messages behind the partitions' ends that still count as caught up.</param>
    /// <param name="clock">Clock for checkpoint ages (tests pass a fake one).</param>
    public ServiceHealth(long maxLag, TimeProvider? clock = null)
        : this(maxLag, AiObsMetrics.Runs, AiObsMetrics.ObservedSinks, clock)
    {
    }

    /// <summary>Creates the evaluator over the given runs and sinks (one service's own, not every registered one).</summary>
    public ServiceHealth(long maxLag, Func<IReadOnlyList<EngineProbe>> runs, Func<IReadOnlyList<ISinkHealth>> sinks, TimeProvider? clock)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(sinks);
        ArgumentOutOfRangeException.ThrowIfNegative(maxLag);
        MaxLag = maxLag;
        _runs = runs;
        _sinks = sinks;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Most messages behind that still count as caught up.</summary>
    public long MaxLag { get; }

    /// <summary>A checkpoint older than this many intervals makes the service not ready (the first one is due one interval after start).</summary>
    public const int CheckpointIntervalsLate = 2;

    /// <summary>The liveness probe.</summary>
    public HealthReport Live()
    {
        var failures = _runs().Select(r => r.Failure).OfType<string>().ToList();
        return failures.Count > 0 ? new HealthReport("failed", failures) : new HealthReport("ok", []);
    }

    /// <summary>The readiness probe.</summary>
    public HealthReport Ready()
    {
        var runs = _runs();
        if (runs.Count == 0)
        {
            return new HealthReport("starting", ["engine: not started yet (restoring the checkpoint or waiting for the partition assignment)"]);
        }

        var reasons = new List<string>();
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var run in runs)
        {
            if (run.Failure is { } failure)
            {
                reasons.Add("engine: " + failure);
            }

            long lag = 0;
            var lagged = 0;
            foreach (var input in run.Inputs)
            {
                if (input.Lag is > 0 and var l)
                {
                    lag += l;
                    lagged++;
                }
            }

            if (lag > MaxLag)
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture,
                    $"lag: {lag} messages behind on {lagged} partitions (more than service.readyMaxLag {MaxLag})"));
            }

            if (run.Control?.Interval is { } interval && !run.Ended)
            {
                var since = run.Control.Last?.CreatedUnixMs ?? run.StartedUnixMs;
                var age = TimeSpan.FromMilliseconds(Math.Max(0, now - since));
                if (age > interval * CheckpointIntervalsLate)
                {
                    var last = run.LastCheckpointFailure is { } why ? ", last: " + why : string.Empty;
                    reasons.Add(string.Create(CultureInfo.InvariantCulture,
                        $"checkpoint: none saved for {age.TotalSeconds:F0} s (interval {interval.TotalSeconds:F0} s; {run.CheckpointFailures} failed{last})"));
                }
            }
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
}
