using System.Diagnostics.Metrics;
using AiObsStream.Pipeline.Diagnostics;

namespace AiObsStream.Kafka.Relay;

/// <summary>
/// The instruments of <c>aiobs relay</c> on the AiObsStream meter (<see cref="AiObsMetrics.Meter"/>), named in its
/// scheme (<c>aiobs.relay.&lt;thing&gt;.&lt;measure&gt;</c>, UCUM units, dotted attributes). All observable: they read
/// the <see cref="RelayProgress"/> registered with <see cref="Observe"/> at collection time. The relay's consumer lag
/// is reported under the engine's <c>messaging.kafka.consumer.lag</c>, its sinks under the <c>aiobs.sink.*</c> family.
/// </summary>
/// <remarks>
/// Created on first use, so an engine process (which never touches this type) announces none of them. README
/// "Notifications from scale-out" lists each.
/// </remarks>
public static class RelayMetrics
{
    private static readonly Lock Gate = new();
    private static readonly List<RelayProgress> Relays = [];
    private static readonly RelayRejectReason[] Reasons = Enum.GetValues<RelayRejectReason>();

    /// <summary>Every relay instrument, in the order README lists them.</summary>
    public static IReadOnlyList<Instrument> Instruments { get; } = Create(AiObsMetrics.Meter);

    /// <summary>Reports <paramref name="progress"/> (and its partitions' lag) until the result is disposed.</summary>
    public static IDisposable Observe(RelayProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        lock (Gate)
        {
            Relays.Add(progress);
        }

        return new Registration(progress, AiObsMetrics.ObserveLag(progress.Partitions));
    }

    /// <summary>The <c>aiobs.reason</c> label of a reject reason (snake case, as the engine's reasons).</summary>
    public static string ReasonName(RelayRejectReason reason) => reason switch
    {
        RelayRejectReason.Empty => "empty",
        RelayRejectReason.NotJson => "not_json",
        RelayRejectReason.NotCloudEvent => "not_cloudevent",
        RelayRejectReason.NotIncident => "not_incident",
        RelayRejectReason.BadIncident => "bad_incident",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    private static Instrument[] Create(Meter m) =>
    [
        m.CreateObservableCounter("aiobs.relay.changes.relayed", () => Each(p => p.Relayed), "{change}", "Incident changes the relay handed to its sinks."),
        m.CreateObservableCounter("aiobs.relay.changes.repeated", () => Each(p => p.Repeats), "{change}", "Incident changes dropped as repeats (their CloudEvent id was relayed before)."),
        m.CreateObservableCounter("aiobs.relay.raw_alerts.skipped", () => Each(p => p.RawAlerts), "{message}", "Raw alert changes on the alert topic, not relayed."),
        m.CreateObservableCounter("aiobs.relay.dead_lettered", DeadLettered, "{message}", "Messages the relay cannot read, by reason (to relay-deadletter.jsonl, or lost)."),
        m.CreateObservableCounter("aiobs.relay.dead_letters.lost", () => Each(p => p.DeadLettersLost), "{message}", "Bad messages lost because the relay's dead-letter file could not be written."),
        m.CreateObservableCounter("aiobs.relay.batches", () => Each(p => p.Batches), "{batch}", "Batches completed (sinks settled, checkpoint written, offsets committed)."),
        m.CreateObservableCounter("aiobs.relay.commits.refused", () => Each(p => p.CommitFailures), "{commit}", "Offset commits refused during a rebalance (the checkpoint holds the position)."),
        m.CreateObservableGauge("aiobs.relay.partitions.assigned", () => Each(p => p.Partitions().Count), "{partition}", "Alert-topic partitions assigned to the relay."),
        m.CreateObservableGauge("aiobs.relay.checkpoint.age", CheckpointAge, "s", "Time since the relay's last checkpoint (absent before the first)."),
        m.CreateObservableGauge("aiobs.relay.checkpoint.duration", CheckpointDuration, "s", "How long the last checkpoint took (partition state files and offset commit)."),
    ];

    private static RelayProgress[] Observed()
    {
        lock (Gate)
        {
            return [.. Relays];
        }
    }

    private static IEnumerable<Measurement<long>> Each(Func<RelayProgress, long> value) => Observed().Select(p => new Measurement<long>(value(p)));

    private static IEnumerable<Measurement<long>> DeadLettered() =>
        from p in Observed()
        from r in Reasons
        let count = p.Rejected(r)
        where count > 0 // a reason appears once it has happened (then stays: counters never vanish)
        select new Measurement<long>(count, new KeyValuePair<string, object?>("aiobs.reason", ReasonName(r)));

    private static IEnumerable<Measurement<double>> CheckpointAge() =>
        from p in Observed()
        where p.LastCheckpointUnixMs is not null
        select new Measurement<double>(Math.Max(0, (p.Time.GetUtcNow().ToUnixTimeMilliseconds() - p.LastCheckpointUnixMs!.Value) / 1000.0));

    private static IEnumerable<Measurement<double>> CheckpointDuration() =>
        from p in Observed()
        where p.LastCheckpointUnixMs is not null
        select new Measurement<double>(p.LastCheckpointDuration.TotalSeconds);

    private sealed class Registration(RelayProgress progress, IDisposable lag) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            lag.Dispose();
            lock (Gate)
            {
                Relays.Remove(progress);
            }
        }
    }
}
