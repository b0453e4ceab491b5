using AiObsStream.Core.Aggregation;
using AiObsStream.Pipeline.Checkpoints;
using AiObsStream.Pipeline.Engine;

namespace AiObsStream.Pipeline.Diagnostics;

/// <summary>
/// A read-only live view of one engine run for metrics and health probes: per-input counters, partition watermarks and
/// open windows, active series, incidents, output counters, checkpoints and the state of the stages.
/// </summary>
/// <remarks>
/// Pull, never push: every value is read from the stage that owns it when a scrape asks, so the hot paths carry no
/// instrumentation and the run's outputs cannot change. The stages write these fields single-threaded; a read from
/// another thread sees a recent value (64-bit reads are atomic; a count may lag by a batch), which is what a gauge is.
/// </remarks>
public sealed class EngineProbe
{
    private readonly WindowedAggregator[] _partitions;
    private readonly Sequencer _sequencer;
    private readonly OutputStage _output;
    private readonly Task[] _stages;

    internal EngineProbe(IReadOnlyList<InputStats> inputs, IEnumerable<PartitionWorker> workers, Sequencer sequencer,
        OutputStage output, EngineControl? control, IEnumerable<Task> stages, TimeProvider clock)
    {
        Inputs = inputs;
        _partitions = [.. workers.Select(w => w.Aggregator)];
        _sequencer = sequencer;
        _output = output;
        Control = control;
        _stages = [.. stages];
        StartedUnixMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
    }

    /// <summary>Per-input counters (records, rejects by reason, bytes, lag).</summary>
    public IReadOnlyList<InputStats> Inputs { get; }

    /// <summary>Aggregation partitions.</summary>
    public int Partitions => _partitions.Length;

    /// <summary>When the run started (Unix ms, the engine's clock).</summary>
    public long StartedUnixMs { get; }

    /// <summary>Checkpoint control of a long-running run (interval, last checkpoint), null for a plain replay.</summary>
    public EngineControl? Control { get; }

    /// <summary>Windows open in partition <paramref name="partition"/>.</summary>
    public int OpenWindows(int partition) => _partitions[partition].OpenWindows;

    /// <summary>Event-time watermark of partition <paramref name="partition"/> (Unix ms; <see cref="long.MinValue"/> before the first).</summary>
    public long PartitionWatermark(int partition) => _partitions[partition].Watermark;

    /// <summary>The engine's event-time watermark: the lowest partition watermark (null before every partition has one).</summary>
    public long? WatermarkUnixMs
    {
        get
        {
            var min = long.MaxValue;
            foreach (var p in _partitions)
            {
                min = Math.Min(min, p.Watermark);
            }

            return min is long.MinValue or long.MaxValue ? null : min;
        }
    }

    /// <summary>Series holding state (the cardinality budget's count).</summary>
    public int ActiveSeries => _sequencer.ActiveSeries;

    /// <summary>Incidents open now (0 when incidents are off).</summary>
    public int OpenIncidents => _output.Graph.Incidents?.OpenIncidents ?? 0;

    /// <summary>GPUs each deployment needs at its latest forecast peak (empty when forecasting is off or has no capacity yet).</summary>
    public IReadOnlyDictionary<string, double> ForecastGpusNeeded =>
        _output.Graph.Forecast?.Monitor.GpusNeeded ?? (IReadOnlyDictionary<string, double>)System.Collections.Immutable.ImmutableDictionary<string, double>.Empty;

    /// <summary>Alert state changes emitted.</summary>
    public long AlertEvents => _output.AlertEvents;

    /// <summary>Firing events among them.</summary>
    public long AlertsFiring => _output.AlertsFiring;

    /// <summary>Notifications sent.</summary>
    public long Notifications => _output.Notifications;

    /// <summary>Metric rows written.</summary>
    public long RowsWritten => _output.RowsWritten;

    /// <summary>Dead letters written.</summary>
    public long DeadLetters => _output.DeadLetters;

    /// <summary>Checkpoints that failed to save in this run.</summary>
    public long CheckpointFailures => _output.CheckpointFailures;

    /// <summary>Why the last failed checkpoint failed.</summary>
    public string? LastCheckpointFailure => _output.LastCheckpointFailure;

    /// <summary>The stage that failed, with its error, or null while none has.</summary>
    public string? Failure => _stages.FirstOrDefault(t => t.IsFaulted)?.Exception?.InnerException?.Message is { } m ? "a pipeline stage failed: " + m : null;

    /// <summary>Whether every stage has ended (the run is over or ending).</summary>
    public bool Ended => _stages.All(t => t.IsCompleted);
}
