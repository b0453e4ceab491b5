using System.Runtime.InteropServices;
using AiObsStream.Core.Events;
using AiObsStream.Core.State;

namespace AiObsStream.Core.Windows;

/// <summary>
/// Holds events until the watermark passes their event time, then hands them on in event-time order, ties broken by
/// the events' content (<see cref="ContentOrder"/>), so what comes out is a function of the events held, not of the
/// order they arrived in (Trill's reorder latency, with the engine's watermark as the bound).
/// </summary>
/// <remarks>
/// <para>An event whose time is at or after the watermark when it arrives (any arrival within the allowed disorder of
/// the newest time seen, since the watermark is that time minus the disorder) is released after every event already
/// released, so a stream permuted within the allowed disorder comes out exactly as the sorted stream. An event that
/// arrives behind the last release (later than the disorder, still within the engine's lateness) is not lost: it is
/// counted in <see cref="Behind"/> and released with the next batch, in order among that batch only.</para>
/// <para>Bounded: it holds the events of the last <c>allowed disorder</c> of event time plus what arrived since the
/// last punctuation. Not thread-safe.</para>
/// </remarks>
public sealed partial class EventReorderBuffer
{
    private readonly List<TelemetryEvent> _held = [];

    /// <summary>
    /// The end (an index into <see cref="_held"/>) of the held events, from <see cref="_start"/>, that are already in
    /// content order: those the last release (or a checkpoint) left sorted. The events added since come after them.
    /// </summary>
    private int _sorted;

    /// <summary>
    /// How many events at the front of <see cref="_held"/> the last <see cref="Release(long)"/> handed out: they stay
    /// there (the caller reads them in place) until the next release or checkpoint drops them.
    /// </summary>
    private int _handedOut;

    /// <summary>
    /// Where the held events start in <see cref="_held"/>: the events before it were handed out by an earlier release and
    /// are dropped in bulk (see <see cref="DropHandedOut"/>).
    /// </summary>
    private int _start;

    /// <summary>Events the list has room for (tests: the handed-out events must not double it).</summary>
    internal int Capacity => _held.Capacity;

    /// <summary>Events held (not released yet).</summary>
    public int Count => _held.Count - _start - _handedOut;

    /// <summary>The watermark of the last release; an event older than this arrives behind (see <see cref="Behind"/>).</summary>
    public long ReleasedTo { get; private set; } = long.MinValue;

    /// <summary>Events that arrived behind the last release (later than the allowed disorder): used, but out of order.</summary>
    public long Behind { get; private set; }

    /// <summary>Holds <paramref name="e"/> until the watermark passes it.</summary>
    public void Add(in TelemetryEvent e)
    {
        if (e.TimeUnixMs < ReleasedTo)
        {
            Behind++;
        }

        if (_held.Count == _held.Capacity)
        {
            // Full: rather than double the list (~150 bytes per event) to keep events nobody reads any more (the span of
            // the last release is invalid once an event is added), drop the handed-out ones when they are at least a
            // fifth of it.
            DropHandedOut(heldPerDropped: 4);
        }

        _held.Add(e);
    }

    /// <summary>
    /// Appends to <paramref name="output"/>, in event-time then content order, every held event older than
    /// <paramref name="watermark"/> (all of them when it is <see cref="long.MaxValue"/>).
    /// </summary>
    public void Release(long watermark, List<TelemetryEvent> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.AddRange(Release(watermark));
    }

    /// <summary>
    /// Releases, in event-time then content order, every held event older than <paramref name="watermark"/> (all of
    /// them when it is <see cref="long.MaxValue"/>) and returns them in place: the span is valid until the next call
    /// to <see cref="Add"/>, <see cref="Release(long)"/> or <see cref="SaveState"/>.
    /// </summary>
    /// <remarks>Why in place: the monitors read every request event once; copying each (~150 bytes, three references)
    /// into a list first cost as much as reading it.</remarks>
    public ReadOnlySpan<TelemetryEvent> Release(long watermark)
    {
        DropHandedOut(heldPerDropped: 1);
        if (watermark > ReleasedTo)
        {
            ReleasedTo = watermark;
        }

        if (_held.Count == _start)
        {
            return [];
        }

        SortHeld();
        var held = CollectionsMarshal.AsSpan(_held)[_start..];
        var n = 0;
        while (n < held.Length && (held[n].TimeUnixMs < watermark || watermark == long.MaxValue))
        {
            n++;
        }

        _handedOut = n;
        return held[..n];
    }

    /// <summary>
    /// Forgets the events the last release handed out; the rest stay sorted. They are only skipped (<see cref="_start"/>)
    /// and removed from the list once there is at most <paramref name="heldPerDropped"/> held events per skipped one:
    /// removing them at every release moved every held event each time, the allowed disorder's worth of ~150-byte
    /// events (perf, #12); this way each removal moves at most that many events per event it drops.
    /// </summary>
    /// <param name="heldPerDropped">1 at a release; more when the list is full (below that it grows instead);
    /// <see cref="int.MaxValue"/> to remove every skipped event (a checkpoint).</param>
    private void DropHandedOut(int heldPerDropped)
    {
        _start += _handedOut;
        _handedOut = 0;
        if (_start > 0 && (long)_start * heldPerDropped >= _held.Count - _start)
        {
            _held.RemoveRange(0, _start);
            _sorted -= _start;
            _start = 0;
        }
    }

    /// <summary>
    /// Puts the held events in content order. Events mostly arrive in time order (one input, or inputs interleaved
    /// within the disorder), so the events added since the last release are checked first and sorted only when out of
    /// order, and the whole list is sorted only when they do not all come after the ones kept sorted: the same order as
    /// sorting everything every time (a total order up to events it cannot tell apart), without re-sorting ~150-byte
    /// events that are already in place on every punctuation.
    /// </summary>
    private void SortHeld()
    {
        var all = CollectionsMarshal.AsSpan(_held);
        var added = all[_sorted..];
        if (!InOrder(added))
        {
            added.Sort(ContentOrder.Instance);
        }

        if (_sorted > _start && added.Length > 0 && ContentOrder.Order(in all[_sorted - 1], in added[0]) > 0)
        {
            all[_start..].Sort(ContentOrder.Instance);
        }

        _sorted = all.Length;
    }

    private static bool InOrder(ReadOnlySpan<TelemetryEvent> events)
    {
        for (var i = 1; i < events.Length; i++)
        {
            if (ContentOrder.Order(in events[i - 1], in events[i]) > 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A total order of events by time, then by every field a monitor reads (source, dimensions, kind, detail, values),
    /// so two events it cannot tell apart are the only ones whose order is left open. The input position
    /// (<see cref="TelemetryEvent.Origin"/>) is not used: it depends on how the inputs were split.
    /// </summary>
    private sealed class ContentOrder : IComparer<TelemetryEvent>
    {
        /// <summary>The shared instance.</summary>
        public static ContentOrder Instance { get; } = new();

        /// <inheritdoc />
        public int Compare(TelemetryEvent x, TelemetryEvent y) => Order(in x, in y);

        /// <summary><see cref="Compare"/> without copying the events.</summary>
        public static int Order(in TelemetryEvent x, in TelemetryEvent y)
        {
            var c = x.TimeUnixMs.CompareTo(y.TimeUnixMs);
            c = c != 0 ? c : ((int)x.Kind).CompareTo((int)y.Kind);
            c = c != 0 ? c : SeriesDimsOrder.Instance.Compare(x.Dims, y.Dims);
            c = c != 0 ? c : string.CompareOrdinal(x.Detail, y.Detail);
            c = c != 0 ? c : x.LatencyMs.CompareTo(y.LatencyMs);
            c = c != 0 ? c : x.Value.CompareTo(y.Value);
            c = c != 0 ? c : x.PromptTokens.CompareTo(y.PromptTokens);
            c = c != 0 ? c : x.CompletionTokens.CompareTo(y.CompletionTokens);
            c = c != 0 ? c : x.Status.CompareTo(y.Status);
            c = c != 0 ? c : x.Success.CompareTo(y.Success);
            c = c != 0 ? c : string.CompareOrdinal(x.Metric, y.Metric);
            return c != 0 ? c : x.DedupKey.CompareTo(y.DedupKey);
        }
    }
}
