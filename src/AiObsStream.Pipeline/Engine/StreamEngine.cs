using System.Diagnostics;
using System.Threading.Channels;
using AiObsStream.Pipeline.Inputs;
using AiObsStream.Pipeline.Sinks;

namespace AiObsStream.Pipeline.Engine;

/// <summary>
/// Wires the stages: inputs (parse, one task each) → sequencer (deterministic merge, watermark, lateness, routing)
/// → partitions (windowed aggregation, one task each) → output stage (rules, sinks), joined by bounded channels.
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
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Partitions, 1);
        _options = options;
    }

    /// <summary>Live view of per-input counters (for a progress line); updated by the sequencer.</summary>
    public IReadOnlyList<InputStats>? Progress { get; private set; }

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

    internal async Task<RunSummary> RunAsync(IReadOnlyList<IInput> inputs, IOutputSink sink, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var clock = Stopwatch.StartNew();
        using var linked = new CancellationTokenSource();
        var token = linked.Token;
        var capacity = _options.ChannelCapacity;
        var inputChannels = inputs.Select(_ => Bounded<InputBatch>(capacity, singleReader: true)).ToList();
        var partitionChannels = Enumerable.Range(0, _options.Partitions).Select(_ => Bounded<PartitionMessage>(capacity, singleReader: true)).ToArray();
        var outputChannel = Bounded<OutputMessage>(capacity * (_options.Partitions + 2), singleReader: true);
        var stats = inputs.Select(i => new InputStats(i.Name)).ToList();
        Progress = stats;

        // Inputs stop on the caller's token (a stop request ends them normally so everything drains); the other
        // stages only stop when a stage fails.
        var inputTasks = inputs.Select((input, i) => Task.Run(() => input.RunAsync(inputChannels[i].Writer, ct), CancellationToken.None)).ToList();
        var sequencer = new Sequencer(_options, inputChannels.Select(c => c.Reader).ToList(), stats,
            partitionChannels.Select(c => c.Writer).ToArray(), outputChannel.Writer);
        var workers = Enumerable.Range(0, _options.Partitions).Select(i => new PartitionWorker(i, _options)).ToList();
        var output = new OutputStage(_options, sink, _options.Partitions);

        var sequencerTask = Task.Run(() => sequencer.RunAsync(token), token);
        var workerTasks = workers.Select((w, i) => Task.Run(() => w.RunAsync(partitionChannels[i].Reader, outputChannel.Writer, token), token)).ToList();
        var outputTask = Task.Run(() => output.RunAsync(outputChannel.Reader, token), token);

        // A stage that faults must not leave the others blocked on a full channel: the first fault cancels every stage.
        foreach (var stage in workerTasks.Append(sequencerTask).Append(outputTask))
        {
            _ = stage.ContinueWith(_ => linked.Cancel(), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }

        try
        {
            await sequencerTask.ConfigureAwait(false);
            await Task.WhenAll(workerTasks).ConfigureAwait(false);
            outputChannel.Writer.TryComplete();
            await outputTask.ConfigureAwait(false);
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
        catch
        {
            await linked.CancelAsync().ConfigureAwait(false);
            outputChannel.Writer.TryComplete();
            throw;
        }

        return new RunSummary
        {
            Inputs = stats,
            Duplicates = workers.Sum(w => w.Aggregator.Duplicates),
            Aggregated = workers.Sum(w => w.Aggregator.Accepted),
            RowsWritten = output.RowsWritten,
            AlertEvents = output.AlertEvents,
            AlertsFiring = output.AlertsFiring,
            FiringAlerts = output.FiringAlerts,
            DeadLetters = output.DeadLetters,
            Notifications = output.Notifications,
            Elapsed = clock.Elapsed,
        };
    }

    private static Channel<T> Bounded<T>(int capacity, bool singleReader) =>
        Channel.CreateBounded<T>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = singleReader,
            SingleWriter = false,
        });
}
