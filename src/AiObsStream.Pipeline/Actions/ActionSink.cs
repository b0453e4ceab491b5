using System.Collections.Concurrent;
using AiObsStream.Core.Actions;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Notifications;
using AiObsStream.Core.Rules;
using AiObsStream.Pipeline.Diagnostics;
using AiObsStream.Pipeline.Sinks;
using AiObsStream.Pipeline.Sinks.Http;

namespace AiObsStream.Pipeline.Actions;

/// <summary>
/// Automated responses: decides the configured actions from the notifications (so silenced and inhibited alerts never
/// trigger one), sends those that are not dry-run on its own task (one POST each, 408/429/5xx and network errors
/// retried with jittered exponential backoff honouring Retry-After, an <c>Idempotency-Key</c> header), and records every
/// decision and its answer in actions.jsonl and, through <c>forward</c>, in Log Analytics.
/// </summary>
/// <remarks>
/// Never blocks the engine: sends go to the bounded queue of a <see cref="RetryingPoster{T}"/> (the delivery loop this
/// sink shares with the webhook sink); a full queue records the action as failed. Records made on the sender
/// task are forwarded on the output stage's thread (at its next call, flush or checkpoint, and at shutdown), because
/// the Log Analytics sink is single-threaded. The checkpoint keeps the decider's state (decided keys, limits); a resumed
/// run also reads the keys of actions.jsonl, so an action sent after the last checkpoint is not sent again.
/// </remarks>
public sealed partial class ActionSink : IOutputSink, ISinkHealth
{
    private readonly ActionOptions _options;
    private readonly TimeProvider _time;
    private readonly ActionDecider _decider;
    private readonly Action<IReadOnlyList<ActionRecord>>? _forward;
    private readonly ConcurrentQueue<ActionRecord> _toForward = new();
    private readonly List<ActionDecision> _decisions = [];
    private readonly RetryingPoster<ActionDecision> _poster;
    private long _sent;
    private long _failed;
    private long _dryRuns;
    private long _suppressed;
    private string? _logProblem;
    private int _disposed;

    /// <summary>Creates the sink, opens the action log (appending and reading its keys back when <paramref name="resume"/>) and starts the sender.</summary>
    /// <param name="options">The actions and delivery settings.</param>
    /// <param name="resume">True when the run resumes from a checkpoint: the log is kept and its decided keys count as done.</param>
    /// <param name="forward">Receives every record on the output stage's thread (the Log Analytics sink's WriteActions).</param>
    /// <param name="handler">HTTP handler (tests).</param>
    public ActionSink(ActionOptions options, bool resume = false, Action<IReadOnlyList<ActionRecord>>? forward = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = options.Time;
        _forward = forward;
        _decider = new ActionDecider(options.Actions);
        OpenLog(resume);
        var settings = new PostSettings(options.MaxAttempts, options.BaseDelay, options.MaxDelay, options.RequestTimeout,
            options.QueueCapacity, options.DrainTimeout, options.Time);
        _poster = new RetryingPoster<ActionDecision>(settings, Request, d => $"{d.Action.Name} ({d.Action.Target})", Completed, handler);
    }

    /// <summary>Actions the receiver accepted (2xx).</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Actions recorded as failed.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Actions decided as dry-run.</summary>
    public long DryRuns => Interlocked.Read(ref _dryRuns);

    /// <summary>Decisions suppressed by a rate limit or cooldown.</summary>
    public long Suppressed => Interlocked.Read(ref _suppressed);

    /// <summary>Retries made.</summary>
    public long Retries => _poster.Retries;

    /// <summary>Actions queued or in flight.</summary>
    public long Pending => _poster.Pending;

    /// <summary>The decider (tests read its state).</summary>
    internal ActionDecider Decider => _decider;

    /// <inheritdoc />
    public string SinkName => "actions";

    /// <summary>
    /// Delivered = sent, dead-lettered = failed (on <c>/metrics</c> as <c>aiobs_sink_*{sink="actions"}</c>); unhealthy while
    /// the action log cannot be written or the queue is full.
    /// </summary>
    public SinkHealth Health
    {
        get
        {
            var problem = Volatile.Read(ref _logProblem)
                ?? _poster.Problem("actions", "waiting", "new ones are recorded as failed");
            return new SinkHealth(Sent, Retries, _poster.Faults, Failed, Pending, problem, _poster.LastError);
        }
    }

    /// <summary>Notes the versions the deployments serve (the previous version of a rollback).</summary>
    public void WriteRows(IReadOnlyList<MetricRow> rows)
    {
        _decider.ObserveRows(rows);
        ForwardRecords();
    }

    /// <summary>Notes the versions alerts were raised on (the previous version of a rollback).</summary>
    public void WriteAlerts(IReadOnlyList<AlertEvent> alerts)
    {
        _decider.ObserveAlerts(alerts);
        ForwardRecords();
    }

    /// <inheritdoc />
    public void WriteDeadLetters(IReadOnlyList<DeadLetter> items) => ForwardRecords();

    /// <summary>Keeps the latest state of open incidents (their cause, evidence and versions go into the payload).</summary>
    public void WriteIncidents(IReadOnlyList<IncidentEvent> incidents) => _decider.ObserveIncidents(incidents);

    /// <summary>Decides; records dry-runs and suppressions at once and queues the sends.</summary>
    public void WriteNotifications(IReadOnlyList<Notification> notifications)
    {
        _decisions.Clear();
        _decider.Decide(notifications, _decisions);
        foreach (var d in _decisions)
        {
            switch (d.Outcome)
            {
                case ActionOutcome.DryRun:
                    Interlocked.Increment(ref _dryRuns);
                    Record(new ActionRecord { Decision = d, Outcome = ActionOutcome.DryRun, RecordedAtMs = Now() });
                    break;
                case ActionOutcome.Suppressed:
                    Interlocked.Increment(ref _suppressed);
                    Record(new ActionRecord { Decision = d, Outcome = ActionOutcome.Suppressed, RecordedAtMs = Now() });
                    break;
                default:
                    _poster.Enqueue(d);
                    break;
            }
        }

        ForwardRecords();
    }

    /// <summary>Returns when every queued action has its answer (or after the drain timeout), and forwards the records.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _poster.FlushAsync(cancellationToken).ConfigureAwait(false);
        ForwardRecords();
    }

    /// <summary>Waits for the sends in flight, then saves the decider's state.</summary>
    public async Task<byte[]> CheckpointAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            _decider.SaveState(w);
        }

        return buffer.ToArray();
    }

    /// <summary>Restores the decider's state, then marks the keys found in actions.jsonl as done again.</summary>
    public Task RestoreAsync(byte[] state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Length > 0)
        {
            using var r = new BinaryReader(new MemoryStream(state), System.Text.Encoding.UTF8);
            _decider.RestoreState(r);
        }

        foreach (var key in _loggedKeys)
        {
            _decider.MarkDone(key);
        }

        return Task.CompletedTask;
    }

    /// <summary>Waits for the sends for at most the drain timeout, records the rest as failed, forwards every record. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _poster.DisposeAsync().ConfigureAwait(false);
        ForwardRecords();
        CloseLog();
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Hands the records made since the last call to <c>forward</c> (on the output stage's thread).</summary>
    private void ForwardRecords()
    {
        if (_toForward.IsEmpty)
        {
            return;
        }

        var batch = new List<ActionRecord>();
        while (_toForward.TryDequeue(out var record))
        {
            batch.Add(record);
        }

        _forward?.Invoke(batch);
    }
}
