using System.Globalization;
using AiObsStream.Core.Events;

namespace AiObsStream.Pipeline.Engine;

/// <content>Admission of events: the per-input ahead guard (held suspects, released or dead-lettered) and lateness.</content>
internal sealed partial class Sequencer
{
    /// <summary>The input ended: its held suspects are decided, then it stops holding the watermark back.</summary>
    private async Task FinishInputAsync(int input, CancellationToken ct)
    {
        await ReleaseHeldAsync(input, ct).ConfigureAwait(false);
        Stats[input].Finished = true;
        _tracker.Finish(input);
    }

    /// <summary>
    /// The run stops (idle stop, SIGTERM): every input's held records are decided as at the end of the input, so none
    /// stays held in the checkpoint and is missing from this run's outputs.
    /// </summary>
    private async Task ReleaseAllHeldAsync(CancellationToken ct)
    {
        for (var i = 0; i < _guards.Length; i++)
        {
            if (!_tracker.IsFinished(i))
            {
                await ReleaseHeldAsync(i, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Decides input <paramref name="input"/>'s held records as at its end (it ended, went idle, or the run stops):
    /// accepted unless the records after them contradicted them.
    /// </summary>
    private async Task ReleaseHeldAsync(int input, CancellationToken ct)
    {
        if (_guards[input].Held == 0)
        {
            return;
        }

        List<DeadLetter>? dead = null;
        _pendingCapacity = Math.Max(MinPendingCapacity, _guards[input].Held);
        _guards[input].Finish(_released, _ahead);
        Drain(input, ref dead);
        if (dead is not null)
        {
            await _output.WriteAsync(new DeadLetters(dead), ct).ConfigureAwait(false);
        }

        await FlushPartitionsAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Admits the records the guard released and dead-letters the ones it rejected.</summary>
    private void Drain(int input, ref List<DeadLetter>? dead)
    {
        if (_released.Count > 0)
        {
            foreach (var e in _released)
            {
                Admit(input, in e, ref dead);
            }

            _released.Clear();
        }

        if (_ahead.Count > 0)
        {
            var stats = Stats[input];
            foreach (var (e, why) in _ahead)
            {
                (dead ??= []).Add(Letter(stats.Name, in e, RejectReason.TooFarAhead, $"event time {Iso(e.TimeUnixMs)} is too far ahead: {why}"));
                stats.RejectedByReason[(int)RejectReason.TooFarAhead]++;
            }

            _ingest.Rejected(input, _ahead.Count);
            _ahead.Clear();
        }
    }

    /// <summary>
    /// An accepted record: moves the input's event time, is dead-lettered when too late or over the series budget,
    /// else routed.
    /// </summary>
    private void Admit(int input, in TelemetryEvent e, ref List<DeadLetter>? dead)
    {
        if (e.TimeUnixMs > _tracker.MaxTimeOf(input) && !_toldTime[input])
        {
            _tracker.Observe(input, e.TimeUnixMs);
        }

        var wm = _tracker.Watermark;
        if (_time.IsTooLate(e.TimeUnixMs, wm))
        {
            var message = string.Create(CultureInfo.InvariantCulture,
                $"event time {Iso(e.TimeUnixMs)} is too late: watermark {Iso(wm)} already passed its window end + allowed lateness {_time.AllowedLateness}");
            (dead ??= []).Add(Letter(Stats[input].Name, in e, RejectReason.Late, message));
            Stats[input].RejectedByReason[(int)RejectReason.Late]++;
            _ingest.Rejected(input, 1);
            Late++;
            return;
        }

        if (!WithinBudget(input, in e, wm, ref dead))
        {
            return;
        }

        _ingest.Accepted(input, e.TimeUnixMs);
        _monitors.Offer(in e);
        var p = (int)(e.Dims.StableHash % (ulong)_partitions.Length);
        (_pending[p] ??= new EventBuffer(_pendingCapacity)).Add(in e);
    }

    private static DeadLetter Letter(string input, in TelemetryEvent e, RejectReason reason, string message)
    {
        var d = e.Dims;
        var excerpt = string.Create(CultureInfo.InvariantCulture,
            $"{{\"kind\":\"{e.Kind}\",\"source\":\"{d.Source}\",\"time\":\"{Iso(e.TimeUnixMs)}\",\"deployment\":\"{d.Deployment}\",\"modelVersion\":\"{d.ModelVersion}\",\"metric\":\"{e.Metric}\"}}");
        return new DeadLetter(input, e.Origin, reason, message, -1, excerpt, 0);
    }

    internal static string Iso(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(unixMs, -62135596800000L, 253402300799999L)).UtcDateTime
        .ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
