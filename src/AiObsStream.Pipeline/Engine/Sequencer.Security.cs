using AiObsStream.Core.Rules;
using AiObsStream.Core.Security;

namespace AiObsStream.Pipeline.Engine;

/// <content>
/// The event monitors (callers, dependencies, access; issue #15): they need each event's caller, target or identity,
/// which no aggregated row keeps (a row per caller would multiply the series), so they read the admitted events here.
/// A <see cref="MonitorFeed"/> holds those events until the watermark passes them and hands them on in event-time
/// order (issue #13), so their alerts do not depend on how inputs, partitions or processes interleaved; the alerts go
/// to the output stage with the punctuation that closed their windows.
/// </content>
internal sealed partial class Sequencer
{
    /// <summary>The caller monitor; null when <see cref="EngineOptions.Security"/> is off.</summary>
    private readonly CallerConsumptionMonitor? _security;
    private readonly List<AlertEvent> _securityAlerts = [];

    /// <summary>The dependency monitor (issue #15 §2); null when <see cref="EngineOptions.Dependencies"/> is off.</summary>
    private readonly Core.Network.DependencyLatencyMonitor? _dependencies;

    /// <summary>The control-plane and secret access monitor; null when <see cref="EngineOptions.Access"/> is off.</summary>
    private readonly AccessMonitor? _access;

    /// <summary>Feeds the three monitors in event-time order.</summary>
    private readonly MonitorFeed _monitors;

    /// <summary>Events of the monitors that arrived later than the allowed disorder (used out of order).</summary>
    public long MonitorEventsBehind => _monitors.Behind;

    /// <summary>Events the monitors could not use because their window had closed.</summary>
    public long MonitorEventsLate => _monitors.Late;

    /// <summary>The alerts of the windows closed since the last punctuation (and by <paramref name="watermark"/>), or null.</summary>
    private List<AlertEvent>? SecurityAlerts(long watermark)
    {
        _monitors.AdvanceWatermark(watermark, _securityAlerts);
        if (_securityAlerts.Count == 0)
        {
            return null;
        }

        List<AlertEvent> alerts = [.. _securityAlerts];
        _securityAlerts.Clear();
        return alerts;
    }
}
