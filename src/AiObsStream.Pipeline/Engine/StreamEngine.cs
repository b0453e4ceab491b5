using System.Diagnostics;
using System.Threading.Channels;
using AiObsStream.Pipeline.Checkpoints;
using AiObsStream.Pipeline.Diagnostics;
using AiObsStream.Pipeline.Inputs;
using AiObsStream.Pipeline.Sinks;

namespace AiObsStream.Pipeline.Engine;

/// <summary>
/// Wires the stages: inputs (parse, one task each) → sequencer (deterministic merge, watermark, lateness, routing)
/// → partitions (windowed aggregation, one task each) → output stage (the <see cref="OperatorGraph"/> after aggregation:
/// version join, cost, the per-key fan-out, drift, incidents, notifications, sinks), joined by bounded channels.
/// </summary>
/// <remarks>
/// Every channel is bounded with <see cref="BoundedChannelFullMode.Wait"/>: a slow stage slows the ones before it, so
/// memory stays bounded by (stages × capacity × batch size) plus open windows, whatever the input size.
/// </remarks>
public sealed class StreamEngine
{
    private readonly EngineOptions _options;

    /// <summary>Creates an engine.</summary>
    public StreamEngine(EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.EventTime.Validate();
        options.Rules.Validate();
        options.Notifications?.Validate();
        options.Incidents.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Partitions, 1);
        _options = options;
    }

    /// <summary>The options the engine runs with.</summary>
    public EngineOptions Options => _options;

    /// <summary>Live view of per-input counters (for a progress line); updated by the sequencer.</summary>
    public IReadOnlyList<InputStats>? Progress { get; private set; }

    /// <summary>Live view of the current run for metrics and health probes (null before the first run starts).</summary>
    public EngineProbe? Live { get; private set; }

    /// <summary>Replays files until they end (or <paramref name="ct"/> asks to stop), then flushes all windows.</summary>
    public Task<RunSummary> RunAsync(IReadOnlyList<string> files, IOutputSink sink, CancellationToken ct) =>
        RunAsync(files, [], TimeSpan.FromSeconds(15), sink, ct);

    /// <summary>
    /// Replays files and scrapes live endpoints every <paramref name="scrapeInterval"/>; returns when every input has
    /// ended or <paramref name="ct"/> asks to stop (scrapes run until then), after flushing all windows.
    /// </summary>
    public Task<RunSummary> RunAsync(IReadOnlyList<string> files, IReadOnlyList<Uri> scrapeUrls, TimeSpan scrapeInterval,
        IOutputSink sink, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(scrapeUrls);
        var http = scrapeUrls.Count > 0 ? new HttpClient() : null;
        var inputs = files.Select(f => (IInput)new FileInput(f, _options.Input))
            .Concat(scrapeUrls.Select(u => (IInput)new ScrapeInput(u, scrapeInterval, _options.Input, http!)))
            .ToList();
        return RunAsync(inputs, sink, ct);
    }

    /// <summary>
    /// Runs over <paramref name="inputs"/> under <paramref name="control"/>: restores its checkpoint first (state, sink
    /// positions), takes checkpoints on request / every interval, and can stop without flushing open windows.
    /// </summary>
    internal async Task<RunSummary> RunAsync(IReadOnlyList<IInput> inputs, IOutputSink sink, CancellationToken ct,
        EngineControl? control = null)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var clock = Stopwatch.StartNew();
        using var linked = new CancellationTokenSource();
        var token = linked.Token;
        var capacity = _options.ChannelCapacity;
        var partitions = control?.Restore?.Partitions ?? _options.Partitions; // series are routed by hash % partitions
        var inputChannels = inputs.Select(_ => Bounded<InputBatch>(capacity, singleReader: true)).ToList();
        var partitionChannels = Enumerable.Range(0, partitions).Select(_ => Bounded<PartitionMessage>(capacity, singleReader: true)).ToArray();
        var outputChannel = Bounded<OutputMessage>(capacity * (partitions + 2), singleReader: true);
        var stats = inputs.Select(i => new InputStats(i.Name) { LagSource = () => i.Lag }).ToList();
        Progress = stats;

        // Inputs stop on the caller's token (a stop request ends them normally so everything drains); the other
        // stages only stop when a stage fails.
        // Live inputs (Kafka partitions) run until told to stop: once the sequencer is done they are cancelled too.
        using var inputsDone = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var inputToken = inputsDone.Token;
        var inputTasks = inputs.Select((input, i) => Task.Run(() => input.RunAsync(inputChannels[i].Writer, inputToken), CancellationToken.None)).ToList();
        var sequencer = new Sequencer(_options, inputChannels.Select(c => c.Reader).ToList(), stats,
            partitionChannels.Select(c => c.Writer).ToArray(), outputChannel.Writer, control, inputs.Select(i => i.IsLive).ToList());
        var rowLists = new RowListPool(8 * (partitions + 1)); // about what is in flight at once; more are left to the collector
        var workers = Enumerable.Range(0, partitions).Select(i => new PartitionWorker(i, _options, rowLists)).ToList();
        using var output = new OutputStage(_options, sink, partitions, control, rowLists);
        if (control?.Restore is { } checkpoint)
        {
            Restore(checkpoint, sequencer, workers, output);
            await sink.RestoreAsync(checkpoint.SinkState, ct).ConfigureAwait(false);
        }

        using var timer = control?.Interval is { } interval ? new CancellationTokenSource() : null;
        var periodic = timer is null ? Task.CompletedTask : CheckpointEveryAsync(control!, control!.Interval!.Value, timer.Token);

        var sequencerTask = Task.Run(() => sequencer.RunAsync(token), token);
        var workerTasks = workers.Select((w, i) => Task.Run(() => w.RunAsync(partitionChannels[i].Reader, outputChannel.Writer, token), token)).ToList();
        var outputTask = Task.Run(() => output.RunAsync(outputChannel.Reader, token), token);
        Live = new EngineProbe(stats, workers, sequencer, output, control, workerTasks.Append(sequencerTask).Append(outputTask), _options.Clock);

        // A stage that faults must not leave the others blocked on a full channel: the first fault cancels every stage.
        foreach (var stage in workerTasks.Append(sequencerTask).Append(outputTask))
        {
            _ = stage.ContinueWith(_ => linked.Cancel(), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }

        try
        {
            try
            {
                await sequencerTask.ConfigureAwait(false);
            }
            finally
            {
                await inputsDone.CancelAsync().ConfigureAwait(false);
            }

            await Task.WhenAll(workerTasks).ConfigureAwait(false);
            outputChannel.Writer.TryComplete();
            await outputTask.ConfigureAwait(false);
            if (timer is not null)
            {
                await timer.CancelAsync().ConfigureAwait(false);
                await periodic.ConfigureAwait(false);
            }

            control?.CompleteStop(control.Last);
            await Task.WhenAll(inputTasks).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Cancelled because another stage faulted: surface that stage's exception, not the cancellation.
            outputChannel.Writer.TryComplete();
            var faulted = workerTasks.Append(sequencerTask).Append(outputTask).FirstOrDefault(t => t.IsFaulted);
            if (faulted?.Exception is { } ex)
            {
                throw new InvalidOperationException("a pipeline stage failed: " + ex.InnerException?.Message, ex.InnerException);
            }

            throw;
        }
        catch (Exception ex)
        {
            await linked.CancelAsync().ConfigureAwait(false);
            outputChannel.Writer.TryComplete();
            control?.FailStop(ex);
            throw;
        }

        return new RunSummary
        {
            Inputs = stats,
            Duplicates = workers.Sum(w => w.Aggregator.Duplicates),
            Aggregated = workers.Sum(w => w.Aggregator.Accepted),
            MonitorEventsBehind = sequencer.MonitorEventsBehind,
            MonitorEventsLate = sequencer.MonitorEventsLate,
            RowsWritten = output.RowsWritten,
            AlertEvents = output.AlertEvents,
            AlertsFiring = output.AlertsFiring,
            FiringAlerts = output.FiringAlerts,
            DeadLetters = output.DeadLetters,
            Notifications = output.Notifications,
            IncidentsOpened = output.IncidentsOpened,
            IncidentEvents = output.IncidentEvents,
            Incidents = output.IncidentSummary(),
            Checkpoints = control?.Checkpoints ?? 0,
            CheckpointFailures = output.CheckpointFailures,
            LastCheckpointFailure = output.LastCheckpointFailure,
            CommitFailures = output.CommitFailures,
            LastCommitFailure = output.LastCommitFailure,
            Elapsed = clock.Elapsed,
        };
    }

    private static void Restore(Checkpoints.EngineCheckpoint checkpoint, Sequencer sequencer, List<PartitionWorker> workers,
        OutputStage output)
    {
        if (checkpoint.PartitionStates.Count != workers.Count)
        {
            throw new InvalidDataException($"checkpoint has {checkpoint.PartitionStates.Count} partition states for {workers.Count} partitions");
        }

        sequencer.RestoreState(checkpoint.SequencerState);
        for (var i = 0; i < workers.Count; i++)
        {
            workers[i].RestoreState(checkpoint.PartitionStates[i]);
        }

        output.RestoreState(checkpoint.OutputState, checkpoint.Seq);
    }

    private static async Task CheckpointEveryAsync(EngineControl control, TimeSpan interval, CancellationToken ct)
    {
        using var ticks = new PeriodicTimer(interval);
        try
        {
            while (await ticks.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                _ = control.RequestCheckpointAsync(); // failures are counted by the output stage
            }
        }
        catch (OperationCanceledException)
        {
            // the run ended
        }
    }

    private static Channel<T> Bounded<T>(int capacity, bool singleReader) =>
        Channel.CreateBounded<T>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = singleReader,
            SingleWriter = false,
        });
}
