using System.Text;
using AiObsStream.Core.Events;
using AiObsStream.Core.State;
using AiObsStream.Core.Windows;
using AiObsStream.Pipeline.Checkpoints;

namespace AiObsStream.Pipeline.Engine;

/// <content>Checkpoint barriers and the sequencer's own saved state.</content>
internal sealed partial class Sequencer
{
    private const byte StateVersion = 2;

    /// <summary>
    /// Format version of the event monitors' section appended to the sequencer state. 2: the monitors' feed (events
    /// held until the watermark passes them, issue #13) follows the pending alerts. Version 1 (main before it) is read
    /// as a feed holding nothing: its monitors had already taken every admitted event.
    /// </summary>
    private const byte MonitorsVersion = 2;
    private readonly Dictionary<string, long> _carriedOffsets = new(StringComparer.Ordinal);

    private enum RunEnd
    {
        InputsEnded,
        Idle,
        Stopped,
    }

    /// <summary>
    /// Emits a checkpoint barrier between two batches: every partition snapshots its state when it reaches it, and the
    /// output stage saves the whole checkpoint. The barrier does not move the watermark, so taking checkpoints never
    /// changes what the engine computes.
    /// </summary>
    private async Task BarrierAsync(List<TaskCompletionSource<EngineCheckpoint>> requests, bool final, CancellationToken ct)
    {
        await FlushPartitionsAsync(ct).ConfigureAwait(false);
        _seq++;
        var barrier = new CheckpointBarrier(_seq, SaveState(), CurrentOffsets(), _partitions.Length) { Final = final };
        if (final)
        {
            requests.AddRange(_stopWaiters);
        }

        if (requests.Count > 0)
        {
            _ = ForwardAsync(barrier.Done.Task, requests);
        }

        var wm = _tracker.Watermark;
        await _output.WriteAsync(new SequencerTick(_seq, wm, []) { Barrier = barrier }, ct).ConfigureAwait(false);
        foreach (var p in _partitions)
        {
            await p.WriteAsync(new PartitionMessage(null, _seq, wm, barrier), ct).ConfigureAwait(false);
        }
    }

    private static async Task ForwardAsync(Task<EngineCheckpoint> done, List<TaskCompletionSource<EngineCheckpoint>> requests)
    {
        try
        {
            var checkpoint = await done.ConfigureAwait(false);
            foreach (var r in requests)
            {
                r.TrySetResult(checkpoint);
            }
        }
#pragma warning disable CA1031 // the failure is handed to every requester
        catch (Exception ex)
#pragma warning restore CA1031
        {
            foreach (var r in requests)
            {
                r.TrySetException(ex);
            }
        }
    }

    private Dictionary<string, long> CurrentOffsets()
    {
        var offsets = new Dictionary<string, long>(_carriedOffsets, StringComparer.Ordinal);
        for (var i = 0; i < _inputs.Count; i++)
        {
            if (_nextOffset[i] >= 0)
            {
                offsets[Stats[i].Name] = _nextOffset[i];
            }
        }

        return offsets;
    }

    /// <summary>A watermark that closes (finalizes) every window holding data seen so far.</summary>
    private long FlushWatermark()
    {
        var max = long.MinValue;
        for (var i = 0; i < _inputs.Count; i++)
        {
            max = Math.Max(max, _tracker.MaxTimeOf(i));
        }

        return max == long.MinValue ? _tracker.Watermark
            : max + _time.Window.SizeMs + _time.AllowedLatenessMs + 1;
    }

    private byte[] SaveState()
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            StateIo.WriteHeader(w, "SEQN", StateVersion);
            w.Write(_seq);
            w.Write(_lastFireStart);
            w.Write(_lastCloseStart);
            w.Write(_lastBucketStart);
            w.Write(_lagBucket);
            w.Write(_batchesSincePunctuation);
            w.Write(Late);
            w.Write(_tracker.Watermark);
            w.Write(_inputs.Count);
            for (var i = 0; i < _inputs.Count; i++)
            {
                var s = Stats[i];
                w.Write(s.Name);
                w.Write(_tracker.MaxTimeOf(i));
                w.Write(_nextOffset[i]);
                w.Write(s.Source is { } source ? (int)source : -1);
                w.Write(s.Units);
                w.Write(s.Events);
                w.Write(s.Bytes);
                w.Write(s.RejectedByReason.Length);
                foreach (var r in s.RejectedByReason)
                {
                    w.Write(r);
                }

                _ingest.SaveInput(w, i);
                _guards[i].SaveState(w);
            }

            w.Write(_carriedOffsets.Count);
            foreach (var (name, offset) in _carriedOffsets.OrderBy(o => o.Key, StringComparer.Ordinal))
            {
                w.Write(name);
                w.Write(offset);
            }

            // Appended after the version-2 fields (a version-2 checkpoint without it restores an empty budget, whose
            // series re-register as their records arrive): the active series of the cardinality budget.
            Budget.Save(w);

            // Appended after the budget (a checkpoint without it restores empty monitors, as before they were saved):
            // the event monitors' state, so a restart neither relearns their baselines nor re-raises their alerts.
            SaveMonitors(w);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Restores the state saved at a barrier. Inputs are matched by name: a saved input that is not present now keeps
    /// its offset for later checkpoints; a present input that was not saved starts fresh.
    /// </summary>
    public void RestoreState(byte[] state)
    {
        try
        {
            using var r = new BinaryReader(new MemoryStream(state), Encoding.UTF8);
            StateIo.ReadHeader(r, "SEQN", StateVersion);
            _seq = r.ReadInt64();
            _lastFireStart = r.ReadInt64();
            _lastCloseStart = r.ReadInt64();
            _lastBucketStart = r.ReadInt64();
            _lagBucket = r.ReadInt64();
            _batchesSincePunctuation = r.ReadInt32();
            Late = r.ReadInt64();
            var watermark = r.ReadInt64();
            var count = r.ReadInt32();
            for (var k = 0; k < count; k++)
            {
                RestoreInput(r);
            }

            var carried = r.ReadInt32();
            for (var k = 0; k < carried; k++)
            {
                var name = r.ReadString();
                var offset = r.ReadInt64();
                if (IndexOf(name) < 0)
                {
                    _carriedOffsets[name] = offset;
                }
            }

            if (r.BaseStream.Position < r.BaseStream.Length)
            {
                Budget.Restore(r);
            }

            if (r.BaseStream.Position < r.BaseStream.Length)
            {
                RestoreMonitors(r);
                if (r.BaseStream.Position != r.BaseStream.Length)
                {
                    throw new InvalidDataException(
                        $"sequencer checkpoint: {r.BaseStream.Length - r.BaseStream.Position} unread bytes after the 'SMON' section");
                }
            }

            _tracker.AdvanceTo(watermark);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("sequencer checkpoint section is truncated", ex);
        }
    }

    private void RestoreInput(BinaryReader r)
    {
        var name = r.ReadString();
        var maxTime = r.ReadInt64();
        var offset = r.ReadInt64();
        var source = r.ReadInt32();
        var units = r.ReadInt64();
        var events = r.ReadInt64();
        var bytes = r.ReadInt64();
        var reasons = r.ReadInt32();
        if (reasons < 0 || reasons > 256)
        {
            throw new InvalidDataException($"sequencer checkpoint: {reasons} reject reasons");
        }

        var byReason = new long[reasons];
        for (var k = 0; k < byReason.Length; k++)
        {
            byReason[k] = r.ReadInt64();
        }

        var i = IndexOf(name);
        _ingest.RestoreInput(r, i, _clock.GetUtcNow().ToUnixTimeMilliseconds());
        var guard = i >= 0 ? _guards[i] : new AheadGuard(_time.MaxAhead, _time.ConfirmAhead);
        guard.RestoreState(r);
        if (i < 0)
        {
            if (offset >= 0)
            {
                _carriedOffsets[name] = offset;
            }

            return;
        }

        _tracker.Observe(i, maxTime);
        _nextOffset[i] = offset;
        var s = Stats[i];
        s.Source = source >= 0 ? (TelemetrySource)source : null;
        s.Units = units;
        s.Events = events;
        s.Bytes = bytes;
        byReason.AsSpan(0, Math.Min(byReason.Length, s.RejectedByReason.Length)).CopyTo(s.RejectedByReason);
    }

    private int IndexOf(string name)
    {
        for (var i = 0; i < Stats.Count; i++)
        {
            if (Stats[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Writes the event monitors' section: each enabled monitor's framed state as a length-prefixed blob (so a restart
    /// with a monitor switched off can skip it), then the alerts raised since the last punctuation.
    /// </summary>
    private void SaveMonitors(BinaryWriter w)
    {
        StateIo.WriteHeader(w, "SMON", MonitorsVersion);
        WriteBlob(w, _security is null ? null : _security.SaveState);
        WriteBlob(w, _dependencies is null ? null : _dependencies.SaveState);
        WriteBlob(w, _access is null ? null : _access.SaveState);
        Core.Security.PendingAlertsState.Write(w, _securityAlerts);
        WriteBlob(w, _monitors.Enabled ? _monitors.SaveState : null);
    }

    /// <summary>
    /// Restores the section written by <see cref="SaveMonitors"/>. A monitor enabled now but not saved starts empty (as
    /// before monitors were checkpointed); one saved but disabled now is skipped.
    /// </summary>
    private void RestoreMonitors(BinaryReader r)
    {
        var version = ReadMonitorsHeader(r);
        ReadBlob(r, _security is null ? null : _security.RestoreState);
        ReadBlob(r, _dependencies is null ? null : _dependencies.RestoreState);
        ReadBlob(r, _access is null ? null : _access.RestoreState);
        _securityAlerts.Clear();
        Core.Security.PendingAlertsState.Read(r, _securityAlerts);
        if (version >= 2)
        {
            ReadBlob(r, _monitors.Enabled ? _monitors.RestoreState : null);
        }
    }

    /// <summary>Reads the <c>SMON</c> header: version 2, or version 1 (converted: its feed held nothing).</summary>
    private static byte ReadMonitorsHeader(BinaryReader r)
    {
        var tag = new string(r.ReadChars(4));
        if (tag != "SMON")
        {
            throw new InvalidDataException($"checkpoint section '{tag}' found where 'SMON' was expected");
        }

        var version = r.ReadByte();
        if (version is not (1 or MonitorsVersion))
        {
            throw new InvalidDataException($"checkpoint section 'SMON' has format version {version}; this build reads versions 1 and {MonitorsVersion}");
        }

        return version;
    }

    private static void WriteBlob(BinaryWriter w, Action<BinaryWriter>? save)
    {
        if (save is null)
        {
            w.Write(-1);
            return;
        }

        using var buffer = new MemoryStream();
        using (var inner = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            save(inner);
        }

        w.Write((int)buffer.Length);
        w.Write(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    private static void ReadBlob(BinaryReader r, Action<BinaryReader>? restore)
    {
        var length = r.ReadInt32();
        if (length < 0)
        {
            return;
        }

        var bytes = r.ReadBytes(length);
        if (bytes.Length != length)
        {
            throw new EndOfStreamException($"monitor state truncated at {bytes.Length} of {length} bytes");
        }

        if (restore is not null)
        {
            using var inner = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
            restore(inner);
            if (inner.BaseStream.Position != length)
            {
                throw new InvalidDataException($"sequencer checkpoint: {length - inner.BaseStream.Position} unread bytes after a monitor's state");
            }
        }
    }
}
