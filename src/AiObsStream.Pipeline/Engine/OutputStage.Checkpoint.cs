using System.Text;
using AiObsStream.Core.Operators;
using AiObsStream.Core.State;
using AiObsStream.Pipeline.Checkpoints;

namespace AiObsStream.Pipeline.Engine;

/// <content>Completing checkpoints and the output stage's own saved state.</content>
internal sealed partial class OutputStage
{
    private const byte StateVersion = 3; // 2: the incident correlator's section; 3: the forecast section

    /// <summary>Checkpoints that could not be saved (the run goes on; offsets are not committed for them).</summary>
    public long CheckpointFailures { get; private set; }

    /// <summary>Why the last failed checkpoint failed (null when none failed).</summary>
    public string? LastCheckpointFailure { get; private set; }

    /// <summary>
    /// Every row, alert and dead letter before the barrier has been written: make the sinks durable, add this stage's
    /// state, save the checkpoint atomically, let the sinks release what they held for it, and only then let the input
    /// commit its offsets.
    /// </summary>
    private async Task CompleteBarrierAsync(CheckpointBarrier barrier, byte[][] partitionStates, CancellationToken ct)
    {
        try
        {
            var sinkState = await _sink.CheckpointAsync(ct).ConfigureAwait(false);
            var checkpoint = new EngineCheckpoint
            {
                Seq = barrier.Seq,
                CreatedUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                Partitions = _partitions,
                Offsets = barrier.Offsets,
                SequencerState = barrier.SequencerState,
                PartitionStates = partitionStates,
                OutputState = SaveState(),
                SinkState = sinkState,
            };
            _control?.Store?.Save(checkpoint);
            await _sink.CheckpointSavedAsync(ct).ConfigureAwait(false); // output held for this checkpoint goes out now
            if (_control is not null)
            {
                _control.Checkpoints++;
                _control.Last = checkpoint;
            }

            await CommitAsync(checkpoint, ct).ConfigureAwait(false);
            barrier.Done.TrySetResult(checkpoint);
        }
#pragma warning disable CA1031 // a failed checkpoint (disk full, sink down) is counted and reported; the run goes on uncommitted
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            CheckpointFailures++;
            LastCheckpointFailure = ex.GetType().Name + ": " + ex.Message;
            barrier.Done.TrySetException(ex);
        }
    }

    /// <summary>Commits failed (the broker refused, e.g. during a rebalance): the next checkpoint's commit covers them.</summary>
    public long CommitFailures { get; private set; }

    /// <summary>Why the last commit failed (null when none failed).</summary>
    public string? LastCommitFailure { get; private set; }

    /// <summary>
    /// Lets the input commit what the (already durable) checkpoint covers. A refused commit is not a failed checkpoint:
    /// the state is saved, and the offsets of the next checkpoint supersede these.
    /// </summary>
    private async Task CommitAsync(EngineCheckpoint checkpoint, CancellationToken ct)
    {
        if (_control?.Committed is not { } committed)
        {
            return;
        }

        try
        {
            await committed(checkpoint, ct).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            CommitFailures++;
            LastCommitFailure = ex.Message;
        }
    }

    internal byte[] SaveState()
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            StateIo.WriteHeader(w, "OUTP", StateVersion);
            w.Write(RowsWritten);
            w.Write(AlertEvents);
            w.Write(AlertsFiring);
            w.Write(DeadLetters);
            w.Write(Notifications);
            _graph.Join.SaveState(w);
            _graph.Rules.SaveState(w);
            SaveOptional(w, _graph.Anomaly);
            w.Write(_graph.Notifier is not null);
            _graph.Notifier?.SaveState(w);
            w.Write(_graph.Cost is not null);
            _graph.Cost?.SaveState(w);
            _graph.Spend?.SaveState(w);
            SaveOptional(w, _graph.Regression);
            SaveOptional(w, _graph.Drift);
            w.Write(_graph.Incidents is not null);
            _graph.Incidents?.SaveState(w);
            SaveOptional(w, _graph.Forecast);
        }

        return buffer.ToArray();
    }

    /// <summary>Restores the state saved at barrier <paramref name="seq"/> into this freshly created stage.</summary>
    public void RestoreState(byte[] state, long seq)
    {
        try
        {
            using var r = new BinaryReader(new MemoryStream(state), Encoding.UTF8);
            StateIo.ReadHeader(r, "OUTP", StateVersion);
            RowsWritten = r.ReadInt64();
            AlertEvents = r.ReadInt64();
            AlertsFiring = r.ReadInt64();
            DeadLetters = r.ReadInt64();
            Notifications = r.ReadInt64();
            _graph.Join.RestoreState(r);
            _graph.Rules.RestoreState(r);
            RestoreOptional(r, "anomaly detection", _graph.Anomaly);
            RestoreOptional(r, "notifications", _graph.Notifier is not null);
            _graph.Notifier?.RestoreState(r);
            RestoreOptional(r, "pricing", _graph.Cost is not null);
            _graph.Cost?.RestoreState(r);
            _graph.Spend?.RestoreState(r);
            RestoreOptional(r, "regression", _graph.Regression);
            RestoreOptional(r, "drift", _graph.Drift);
            RestoreOptional(r, "incidents", _graph.Incidents is not null);
            _graph.Incidents?.RestoreState(r);
            RestoreOptional(r, "forecasting", _graph.Forecast);
            _restoredSeq = seq;
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("output-stage checkpoint section is truncated", ex);
        }
    }

    /// <summary>An optional operator's section: a presence flag, then the operator's own codec.</summary>
    private static void SaveOptional(BinaryWriter w, IOperator? op)
    {
        w.Write(op is not null);
        op?.SaveState(w);
    }

    /// <summary>Reads an optional operator's presence flag, checks it against the configuration and restores it.</summary>
    private static void RestoreOptional(BinaryReader r, string what, IOperator? op)
    {
        RestoreOptional(r, what, op is not null);
        op?.RestoreState(r);
    }

    private static void RestoreOptional(BinaryReader r, string what, bool enabledNow)
    {
        var saved = r.ReadBoolean();
        if (saved != enabledNow)
        {
            throw new InvalidDataException($"the checkpoint was taken with {what} {(saved ? "enabled" : "disabled")}; " +
                "the configuration now says otherwise (use the same configuration when resuming, or a new --state)");
        }
    }
}
