using AiObsStream.Core.Events;

namespace AiObsStream.Core.Windows;

/// <summary>
/// Keeps one damaged timestamp from moving an input's event time (and so the watermark): an event more than
/// <c>maxAhead</c> past the input's newest accepted event time is held as a suspect until the records after it decide.
/// </summary>
/// <remarks>
/// <para>
/// Rule (per input, in input order). A record is <em>normal</em> when its time is at most <c>maxAhead</c> past the newest
/// accepted time (or no time was accepted yet): it is accepted at once. A record further ahead is a <em>suspect</em> and
/// is held. Every later record votes on every held suspect: it <em>supports</em> it when its time is at least the
/// suspect's time − <c>maxAhead</c> (the stream really moved on), otherwise it <em>contradicts</em> it. A suspect with
/// <c>confirm</c> supports is accepted (the jump is real: a gap in the export, a restart); one with <c>confirm</c>
/// contradictions is rejected (a lone outlier: a timestamp cut off and replaced by the file's time, a clock glitch).
/// When accepted records move the newest time, held suspects that are no longer ahead are accepted too.
/// </para>
/// <para>
/// This is Flink's bounded-out-of-orderness watermark with an outlier filter in front: a jump only counts once the
/// stream confirms it, so valid data after a real jump is delayed by at most <c>confirm</c> records, never dropped; a
/// lone outlier is dead-lettered instead of dead-lettering everything after it as late. Each suspect is decided after
/// at most 2·confirm − 1 later records, so at most that many events are held. Live inputs also apply Azure Stream
/// Analytics' early-arrival rule: a time more than <c>maxAhead</c> past the arrival time is rejected outright.
/// </para>
/// <para>The first <c>confirm</c> records of an input are held until there are that many: their median time is the first
/// reference (so a damaged first line cannot set it), then they pass the same rule in their order.</para>
/// <para>Live inputs (arrival time given) skip that wait: the arrival bound caps the first record, which is the first
/// reference at once.</para>
/// <para>At the end of the input, suspects that more records supported than contradicted (including none at all:
/// nothing came after them) are accepted; a trailing outlier cannot be told from a real last jump, and valid data wins.
/// The same decision is taken when the input goes idle or the run stops (<see cref="Finish"/>), so held records are
/// never left in a checkpoint waiting for records that may not come.</para>
/// Single-threaded (owned by the sequencer). In replay, decisions depend only on the input's own record sequence, never
/// on batching; a live input that goes idle has its held records decided early (valid data is not left waiting).
/// </remarks>
public sealed partial class AheadGuard
{
    private readonly long _maxAheadMs;
    private readonly int _confirm;
    private readonly List<Suspect> _held = [];
    private readonly List<TelemetryEvent> _start = [];
    private bool _warm;

    /// <summary>Creates a guard.</summary>
    /// <param name="maxAhead">How far past the newest accepted time a record may be without being suspect.</param>
    /// <param name="confirm">Votes needed to accept or reject a suspect.</param>
    public AheadGuard(TimeSpan maxAhead, int confirm)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxAhead, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(confirm, 1);
        _maxAheadMs = (long)maxAhead.TotalMilliseconds;
        _confirm = confirm;
    }

    /// <summary>The newest event time accepted (long.MinValue before any).</summary>
    public long MaxTime { get; private set; } = long.MinValue;

    /// <summary>Number of records held (first records waiting for a reference, suspects).</summary>
    public int Held => _held.Count + _start.Count;

    /// <summary>
    /// Offers the next record of the input. Returns true when it is accepted at once (the common case: nothing is held
    /// and it is not ahead); otherwise it is held or decided, and any records decided by it are appended to
    /// <paramref name="released"/> (accepted, in the order they were offered) and <paramref name="rejected"/>.
    /// </summary>
    /// <param name="e">The record.</param>
    /// <param name="arrivalMs">Arrival time in live modes (records more than maxAhead past it are rejected at once); long.MinValue in replay.</param>
    /// <param name="released">Receives held records that became accepted.</param>
    /// <param name="rejected">Receives rejected records with the reason text.</param>
    public bool Offer(in TelemetryEvent e, long arrivalMs, List<TelemetryEvent> released, List<(TelemetryEvent Event, string Why)> rejected)
    {
        ArgumentNullException.ThrowIfNull(released);
        ArgumentNullException.ThrowIfNull(rejected);
        var t = e.TimeUnixMs;
        if (arrivalMs != long.MinValue && t > arrivalMs + _maxAheadMs)
        {
            rejected.Add((e, $"more than {Format(_maxAheadMs)} ahead of its arrival time {Iso(arrivalMs)}"));
            return false;
        }

        if (!_warm && arrivalMs != long.MinValue && _start.Count == 0)
        {
            // Live: the arrival bound above already caps how far ahead the first record may be, so it is the first
            // reference at once; holding it for confirm records would delay (or, on a slow stream, stall) it.
            _warm = true;
            MaxTime = t;
            return true;
        }

        if (!_warm)
        {
            // No reference yet: the first records are held until there are enough to tell an outlier among them.
            _start.Add(e);
            if (_start.Count >= _confirm)
            {
                WarmUp(released, rejected);
            }

            return false;
        }

        var normal = t <= MaxTime + _maxAheadMs;
        if (_held.Count == 0)
        {
            if (!normal)
            {
                _held.Add(new Suspect(e, MaxTime));
                return false;
            }

            MaxTime = Math.Max(MaxTime, t);
            return true;
        }

        Vote(t);
        if (normal)
        {
            MaxTime = Math.Max(MaxTime, t);
        }
        else
        {
            _held.Add(new Suspect(e, MaxTime));
        }

        Decide(released, rejected, atEnd: false);
        return normal;
    }

    /// <summary>
    /// The input ended, went idle, or the run stops: decides every held record as at the end of the input (see the
    /// remarks), so none stays held in a checkpoint or is lost. The guard stays usable: records offered later go through
    /// the ordinary rule against the newest accepted time.
    /// </summary>
    public void Finish(List<TelemetryEvent> released, List<(TelemetryEvent Event, string Why)> rejected)
    {
        if (!_warm && _start.Count > 0)
        {
            WarmUp(released, rejected);
        }

        Decide(released, rejected, atEnd: true);
    }

    /// <summary>
    /// The reference for the first records is their median time (an outlier among them cannot move a median), then
    /// they go through the ordinary rule in their order: those ahead of it are suspects like any other.
    /// </summary>
    private void WarmUp(List<TelemetryEvent> released, List<(TelemetryEvent Event, string Why)> rejected)
    {
        _warm = true;
        if (_start.Count == 0)
        {
            return;
        }

        var times = new long[_start.Count];
        for (var i = 0; i < times.Length; i++)
        {
            times[i] = _start[i].TimeUnixMs;
        }

        Array.Sort(times);
        MaxTime = times[(times.Length - 1) / 2];
        foreach (var e in _start)
        {
            if (Offer(in e, long.MinValue, released, rejected))
            {
                released.Add(e);
            }
        }

        _start.Clear();
    }

    private void Vote(long t)
    {
        foreach (var s in _held)
        {
            if (t >= s.Event.TimeUnixMs - _maxAheadMs)
            {
                s.Support++;
            }
            else
            {
                s.Contradict++;
            }
        }
    }

    private void Decide(List<TelemetryEvent> released, List<(TelemetryEvent Event, string Why)> rejected, bool atEnd)
    {
        // Accepting one suspect moves MaxTime, which can make later ones normal: repeat until nothing changes.
        var changed = true;
        while (changed && _held.Count > 0)
        {
            changed = false;
            for (var i = 0; i < _held.Count; i++)
            {
                var s = _held[i];
                var accept = s.Support >= _confirm || s.Event.TimeUnixMs <= MaxTime + _maxAheadMs
                    || (atEnd && s.Support >= s.Contradict);
                var reject = !accept && (s.Contradict >= _confirm || atEnd);
                if (!accept && !reject)
                {
                    continue;
                }

                _held.RemoveAt(i);
                i--;
                changed = true;
                if (accept)
                {
                    MaxTime = Math.Max(MaxTime, s.Event.TimeUnixMs);
                    released.Add(s.Event);
                }
                else
                {
                    rejected.Add((s.Event, $"more than {Format(_maxAheadMs)} ahead of the input's newest event time {Iso(s.Reference)}, "
                        + $"and {s.Contradict} of the {s.Support + s.Contradict} records after it stayed behind (not a jump the input confirmed)"));
                }
            }
        }
    }

    private static string Iso(long unixMs) => unixMs == long.MinValue ? "(none)"
        : DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(unixMs, -62135596800000L, 253402300799999L)).UtcDateTime
            .ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static string Format(long ms) => TimeSpan.FromMilliseconds(ms).ToString("c", System.Globalization.CultureInfo.InvariantCulture);

    private sealed class Suspect(TelemetryEvent e, long reference)
    {
        public TelemetryEvent Event = e;

        public long Reference { get; } = reference;

        public int Support { get; set; }

        public int Contradict { get; set; }
    }
}
