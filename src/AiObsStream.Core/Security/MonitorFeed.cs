using AiObsStream.Core.Events;
using AiObsStream.Core.Network;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Windows;

namespace AiObsStream.Core.Security;

/// <summary>
/// Feeds the event monitors (callers, dependencies, access) in event time instead of arrival order: the events they
/// take wait in an <see cref="EventReorderBuffer"/> until the engine's watermark passes them, and are then handed on in
/// event-time order, each monitor's windows that end at or before an event's time being closed before it (in window
/// order, then key order). What the monitors see, and so their alerts (values and order), is then a function of the
/// admitted events and not of how inputs, partitions or processes interleaved them, for any arrival within the
/// allowed disorder (issue #13).
/// </summary>
/// <remarks>
/// <para>Windows close when the watermark (or a later event) passes their end, as before: the aggregator's on-time
/// firing. An event that arrives later than the allowed disorder but within the lateness the sequencer admits is
/// counted in <see cref="Behind"/> and still used when its window is open; when its window has closed, the monitor
/// counts it in its own <c>Late</c> (see <see cref="Late"/>). Nothing is dropped silently.</para>
/// <para>Memory: the held events of one allowed disorder of event time (plus those since the last punctuation), on
/// top of each monitor's own bounded state. Not thread-safe.</para>
/// </remarks>
public sealed partial class MonitorFeed
{
    private readonly EventReorderBuffer _buffer = new();
    private long _steppedTo = long.MinValue;

    /// <summary>Creates a feed for the monitors given (null: that monitor is off).</summary>
    public MonitorFeed(CallerConsumptionMonitor? callers, DependencyLatencyMonitor? dependencies, AccessMonitor? access)
    {
        Callers = callers;
        Dependencies = dependencies;
        Access = access;
    }

    /// <summary>The caller monitor, or null.</summary>
    public CallerConsumptionMonitor? Callers { get; }

    /// <summary>The dependency monitor, or null.</summary>
    public DependencyLatencyMonitor? Dependencies { get; }

    /// <summary>The access monitor, or null.</summary>
    public AccessMonitor? Access { get; }

    /// <summary>Whether any monitor is on.</summary>
    public bool Enabled => Callers is not null || Dependencies is not null || Access is not null;

    /// <summary>Events held until the watermark passes them.</summary>
    public int Held => _buffer.Count;

    /// <summary>Events that arrived later than the allowed disorder (used, but not in event-time order).</summary>
    public long Behind => _buffer.Behind;

    /// <summary>Events the monitors could not use because their window had already closed (the sum of their <c>Late</c>).</summary>
    public long Late => (Callers?.Late ?? 0) + (Dependencies?.Late ?? 0) + (Access?.Late ?? 0);

    /// <summary>Holds <paramref name="e"/> when a monitor takes it; anything else is ignored.</summary>
    public void Offer(in TelemetryEvent e)
    {
        if ((Callers is not null && CallerConsumptionMonitor.Takes(in e))
            || (Dependencies is not null && DependencyLatencyMonitor.Takes(in e))
            || (Access is not null && AccessMonitor.Takes(in e)))
        {
            _buffer.Add(in e);
        }
    }

    /// <summary>
    /// Hands every held event older than <paramref name="watermark"/> to the monitors in event-time order, then closes
    /// the windows the watermark passed; appends the alerts, in the order raised, to <paramref name="output"/>.
    /// </summary>
    public void AdvanceWatermark(long watermark, List<AlertEvent> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (ref readonly var e in _buffer.Release(watermark)) // in place: nothing below adds to the buffer
        {
            Step(e.TimeUnixMs, output);
            if (Callers is { } callers)
            {
                if (Closed(e.TimeUnixMs, callers.WindowMs))
                {
                    callers.CountLate(in e);
                }
                else
                {
                    callers.Observe(in e, output);
                }
            }

            if (Dependencies is { } dependencies)
            {
                if (Closed(e.TimeUnixMs, dependencies.WindowMs))
                {
                    dependencies.CountLate(in e);
                }
                else
                {
                    dependencies.Observe(in e);
                }
            }

            if (Access is { } access)
            {
                if (Closed(e.TimeUnixMs, access.WindowMs))
                {
                    access.CountLate(in e);
                }
                else
                {
                    access.Observe(in e, output);
                }
            }
        }

        Step(watermark, output);
    }

    /// <summary>Whether the window of <paramref name="time"/> (of <paramref name="size"/>) was closed: it ends at or before the time stepped to.</summary>
    /// <remarks>
    /// A window ends after every time in it, so an event at or after the time stepped to (every in-order event: the
    /// loop steps to its time first) has an open window; only the others pay for the two divisions (perf: they were
    /// most of this method's own time, per event and per monitor).
    /// </remarks>
    private bool Closed(long time, long size) =>
        time < _steppedTo && time - (((time % size) + size) % size) + size <= _steppedTo;

    /// <summary>
    /// Closes the windows ending at or before <paramref name="time"/> (a no-op unless time moved on): window end by
    /// window end, each monitor in turn (callers, dependencies, access), each in window then key order.
    /// </summary>
    private void Step(long time, List<AlertEvent> output)
    {
        if (time <= _steppedTo)
        {
            return;
        }

        _steppedTo = time;

        // One window end at a time, so the alerts come in window-end order across the monitors too, however far apart
        // the events (or punctuations) that close them are.
        while (true)
        {
            var end = Math.Min(Math.Min(Callers?.NextEnd ?? long.MaxValue, Dependencies?.NextEnd ?? long.MaxValue),
                Access?.NextEnd ?? long.MaxValue);
            if (end > time || end == long.MaxValue)
            {
                return;
            }

            Callers?.AdvanceWatermark(end, output);
            Dependencies?.AdvanceWatermark(end, output);
            Access?.AdvanceWatermark(end, output);
        }
    }
}
