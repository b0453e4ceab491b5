using System.Diagnostics.Metrics;
using AiObsStream.Core.Events;
using AiObsStream.Formats.Output;
using AiObsStream.Pipeline.Engine;

namespace AiObsStream.Pipeline.Diagnostics;

/// <summary>
/// The engine's one <see cref="Meter"/> (<see cref="MeterName"/>) and its instruments, created once. Every instrument is
/// observable: it reads the engines and sinks registered with <see cref="Observe(StreamEngine)"/> and
/// <see cref="Observe(ISinkHealth)"/> when a listener (the <c>/metrics</c> endpoint, an OTLP exporter) collects.
/// </summary>
/// <remarks>
/// Names follow the OpenTelemetry semantic conventions where one exists (<c>messaging.kafka.consumer.lag</c>), otherwise
/// an <c>aiobs.</c> scheme: <c>aiobs.&lt;thing&gt;.&lt;measure&gt;</c>, UCUM units (<c>s</c>, <c>By</c>, <c>{record}</c>) and
/// dotted attribute names (<c>aiobs.input</c>, <c>aiobs.reason</c>, <c>aiobs.sink</c>). README "Operating it" lists
/// each. Observable instruments cost nothing between scrapes and never touch the stages' hot paths.
/// </remarks>
public static class AiObsMetrics
{
    /// <summary>The meter's name (subscribe to it: <c>AddMeter("AiObsStream")</c>).</summary>
    public const string MeterName = "AiObsStream";

    private static readonly Lock Gate = new();
    private static readonly List<StreamEngine> Engines = [];
    private static readonly List<ISinkHealth> Sinks = [];
    private static readonly List<Func<IReadOnlyList<PartitionLag>>> LagSources = [];
    private static readonly string[] ReasonNames = [.. Enum.GetValues<RejectReason>().Select(DeadLetterJson.ReasonName)];

    /// <summary>The meter.</summary>
    public static Meter Meter { get; } = new(MeterName, typeof(AiObsMetrics).Assembly.GetName().Version?.ToString());

    /// <summary>Every instrument of the meter, in the order README "Operating it" lists them.</summary>
    public static IReadOnlyList<Instrument> Instruments { get; } = Create(Meter);

    /// <summary>Reports <paramref name="engine"/>'s current run (<see cref="StreamEngine.Live"/>) until the result is disposed.</summary>
    public static IDisposable Observe(StreamEngine engine) => Register(Engines, engine);

    /// <summary>Reports <paramref name="sink"/> until the result is disposed.</summary>
    public static IDisposable Observe(ISinkHealth sink) => Register(Sinks, sink);

    /// <summary>
    /// Reports the partitions of a consumer that is not an engine run (<c>aiobs relay</c>) under
    /// <c>messaging.kafka.consumer.lag</c> until the result is disposed; <paramref name="lags"/> is called at each collection.
    /// </summary>
    public static IDisposable ObserveLag(Func<IReadOnlyList<PartitionLag>> lags) => Register(LagSources, lags);

    /// <summary>The engine runs observed now (their current <see cref="EngineProbe"/>s).</summary>
    public static IReadOnlyList<EngineProbe> Runs()
    {
        lock (Gate)
        {
            return [.. Engines.Select(e => e.Live).OfType<EngineProbe>()];
        }
    }

    /// <summary>The sinks observed now.</summary>
    public static IReadOnlyList<ISinkHealth> ObservedSinks()
    {
        lock (Gate)
        {
            return [.. Sinks];
        }
    }

    private static Registration<T> Register<T>(List<T> list, T item)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (Gate)
        {
            list.Add(item);
        }

        return new Registration<T>(list, item);
    }

    private static Instrument[] Create(Meter m) =>
    [
        m.CreateObservableCounter("aiobs.records.received", Received, "{record}", "Records parsed from an input (events handed to the engine)."),
        m.CreateObservableCounter("aiobs.records.rejected", Rejected, "{record}", "Records or units rejected and dead-lettered, by reason (late ones included)."),
        m.CreateObservableCounter("aiobs.input.bytes", InputBytes, "By", "Bytes read from an input."),
        m.CreateObservableGauge("messaging.kafka.consumer.lag", Lag, "{message}", "Messages behind the end of an assigned Kafka / Event Hubs partition."),
        m.CreateObservableGauge("aiobs.watermark.delay", WatermarkDelay, "s", "Processing time minus the event-time watermark (how far behind real time the closed windows are)."),
        m.CreateObservableGauge("aiobs.windows.open", OpenWindows, "{window}", "Windows open (not yet final), per aggregation partition."),
        m.CreateObservableGauge("aiobs.series.active", ActiveSeries, "{series}", "Series holding state (the cardinality budget counts these)."),
        m.CreateObservableGauge("aiobs.incidents.open", OpenIncidents, "{incident}", "Incidents open now."),
        m.CreateObservableCounter("aiobs.alert.events", AlertEvents, "{event}", "Alert state changes emitted, by status (firing or other)."),
        m.CreateObservableCounter("aiobs.notifications.sent", Notifications, "{notification}", "Notifications after grouping, damping, inhibition and silences."),
        m.CreateObservableCounter("aiobs.rows.written", Rows, "{row}", "Metric rows written to the outputs."),
        m.CreateObservableCounter("aiobs.checkpoints", Checkpoints, "{checkpoint}", "Checkpoints taken, by outcome (saved or failed)."),
        m.CreateObservableGauge("aiobs.checkpoint.age", CheckpointAge, "s", "Time since the last saved checkpoint."),
        m.CreateObservableGauge("aiobs.checkpoint.duration", CheckpointDuration, "s", "How long the last checkpoint took to save (write, fsync, rename)."),
        m.CreateObservableGauge("aiobs.sink.queue.depth", SinkQueue, "{item}", "Items a sink holds in memory (queued or in flight)."),
        m.CreateObservableCounter("aiobs.sink.delivered", SinkDelivered, "{item}", "Items a sink's destination acknowledged."),
        m.CreateObservableCounter("aiobs.sink.retries", SinkRetries, "{attempt}", "Attempts a sink repeated after a transient failure."),
        m.CreateObservableCounter("aiobs.sink.faults", SinkFaults, "{fault}", "A sink's own I/O faults it survived (dead-letter or spool file not writable, loop errors)."),
        m.CreateObservableCounter("aiobs.sink.dead_lettered", SinkDeadLettered, "{item}", "Items a sink set aside as undeliverable."),
        m.CreateObservableGauge("aiobs.sink.healthy", SinkHealthy, "1", "1 when a sink is healthy, 0 when /readyz reports it."),
        m.CreateObservableGauge("aiobs.forecast.gpus_needed", GpusNeeded, "{gpu}", "GPUs a deployment needs at its forecast peak (README \"Prediction\"; a KEDA Prometheus scaler target)."),
    ];

    private static IEnumerable<Measurement<long>> Received() =>
        from run in Runs()
        from input in run.Inputs
        select new Measurement<long>(input.Events, Tag("aiobs.input", input.Name), Tag("aiobs.source", input.Source?.ToString() ?? "unknown"));

    private static IEnumerable<Measurement<long>> Rejected()
    {
        foreach (var run in Runs())
        {
            foreach (var input in run.Inputs)
            {
                for (var r = 0; r < input.RejectedByReason.Length; r++)
                {
                    // Every reason of every input once it has any (a zero series is kept once non-zero: counters never vanish).
                    if (input.RejectedByReason[r] > 0)
                    {
                        yield return new(input.RejectedByReason[r], Tag("aiobs.input", input.Name), Tag("aiobs.reason", ReasonNames[r]));
                    }
                }
            }
        }
    }

    private static IEnumerable<Measurement<long>> InputBytes() =>
        from run in Runs()
        from input in run.Inputs
        select new Measurement<long>(input.Bytes, Tag("aiobs.input", input.Name));

    private static IEnumerable<Measurement<long>> Lag()
    {
        foreach (var run in Runs())
        {
            foreach (var input in run.Inputs)
            {
                var lag = input.Lag;
                if (lag < 0)
                {
                    continue; // not a partition (files, scrapes) or not known yet
                }

                // Kafka inputs are named TOPIC/PARTITION (the topic may hold '/', the partition never does).
                var slash = input.Name.LastIndexOf('/');
                var topic = slash > 0 ? input.Name[..slash] : input.Name;
                var partition = slash > 0 ? input.Name[(slash + 1)..] : string.Empty;
                yield return new(lag, Tag("messaging.system", "kafka"), Tag("messaging.destination.name", topic),
                    Tag("messaging.destination.partition.id", partition));
            }
        }

        Func<IReadOnlyList<PartitionLag>>[] sources;
        lock (Gate)
        {
            sources = [.. LagSources];
        }

        foreach (var source in sources)
        {
            foreach (var p in source())
            {
                if (p.Lag >= 0)
                {
                    yield return new(p.Lag, Tag("messaging.system", "kafka"), Tag("messaging.destination.name", p.Topic),
                        Tag("messaging.destination.partition.id", p.Partition.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                }
            }
        }
    }

    private static IEnumerable<Measurement<double>> WatermarkDelay() =>
        from run in Runs()
        let wm = run.WatermarkUnixMs
        where wm is not null
        select new Measurement<double>(Math.Max(0, (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - wm!.Value) / 1000.0));

    private static IEnumerable<Measurement<long>> OpenWindows() =>
        from run in Runs()
        from p in Enumerable.Range(0, run.Partitions)
        select new Measurement<long>(run.OpenWindows(p), Tag("aiobs.partition", p.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static IEnumerable<Measurement<long>> ActiveSeries() => Runs().Select(r => new Measurement<long>(r.ActiveSeries));

    private static IEnumerable<Measurement<long>> OpenIncidents() => Runs().Select(r => new Measurement<long>(r.OpenIncidents));

    private static IEnumerable<Measurement<long>> AlertEvents() => Runs().SelectMany(r => new Measurement<long>[]
    {
        new(r.AlertsFiring, Tag("aiobs.alert.status", "firing")),
        new(r.AlertEvents - r.AlertsFiring, Tag("aiobs.alert.status", "other")),
    });

    private static IEnumerable<Measurement<long>> Notifications() => Runs().Select(r => new Measurement<long>(r.Notifications));

    private static IEnumerable<Measurement<long>> Rows() => Runs().Select(r => new Measurement<long>(r.RowsWritten));

    private static IEnumerable<Measurement<long>> Checkpoints() =>
        from run in Runs()
        where run.Control is not null
        from m in new Measurement<long>[]
        {
            new(run.Control!.Checkpoints, Tag("aiobs.outcome", "saved")),
            new(run.CheckpointFailures, Tag("aiobs.outcome", "failed")),
        }
        select m;

    private static IEnumerable<Measurement<double>> CheckpointAge() =>
        from run in Runs()
        where run.Control?.Last is not null
        select new Measurement<double>(Math.Max(0, (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - run.Control!.Last!.CreatedUnixMs) / 1000.0));

    private static IEnumerable<Measurement<double>> CheckpointDuration() =>
        from run in Runs()
        where run.Control?.Store is { Saved: > 0 }
        select new Measurement<double>(run.Control!.Store!.LastSaveDuration.TotalSeconds);

    private static IEnumerable<Measurement<long>> SinkQueue() => PerSink(h => h.QueueDepth);

    private static IEnumerable<Measurement<long>> SinkDelivered() => PerSink(h => h.Delivered);

    private static IEnumerable<Measurement<long>> SinkRetries() => PerSink(h => h.Retries);

    private static IEnumerable<Measurement<long>> SinkFaults() => PerSink(h => h.Faults);

    private static IEnumerable<Measurement<long>> SinkDeadLettered() => PerSink(h => h.DeadLettered);

    private static IEnumerable<Measurement<long>> SinkHealthy() => PerSink(h => h.Healthy ? 1 : 0);

    private static IEnumerable<Measurement<long>> PerSink(Func<SinkHealth, long> value) =>
        ObservedSinks().Select(s => new Measurement<long>(value(s.Health), Tag("aiobs.sink", s.SinkName)));

    private static IEnumerable<Measurement<double>> GpusNeeded() =>
        from run in Runs()
        from d in run.ForecastGpusNeeded.OrderBy(d => d.Key, StringComparer.Ordinal)
        select new Measurement<double>(d.Value, Tag("aiobs.deployment", d.Key));

    private static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);

    private sealed class Registration<T>(List<T> list, T item) : IDisposable
        where T : class
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                lock (Gate)
                {
                    list.Remove(item);
                }
            }
        }
    }
}
