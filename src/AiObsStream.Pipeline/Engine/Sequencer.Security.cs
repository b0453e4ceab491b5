using AiObsStream.Core.Rules;
using AiObsStream.Core.Security;

namespace AiObsStream.Pipeline.Engine;

/// <content>
/// The caller monitor (issue #15 §1): it needs each request's caller, which no aggregated row keeps (a row per caller
/// would multiply the series), so it reads the admitted events here, in the one deterministic order the sequencer
/// has, and hands its alerts to the output stage with the punctuation that closed their windows.
/// </content>
internal sealed partial class Sequencer
{
    /// <summary>The caller monitor; null when <see cref="EngineOptions.Security"/> is off.</summary>
    private readonly CallerConsumptionMonitor? _security;
    private readonly List<AlertEvent> _securityAlerts = [];

    /// <summary>
    /// The dependency monitor (issue #15 §2); null when <see cref="EngineOptions.Dependencies"/> is off. It reads the
    /// admitted events here for the same reason as the caller monitor (the target is not a series dimension), and its
    /// alerts ride with the security ones.
    /// </summary>
    private readonly Core.Network.DependencyLatencyMonitor? _dependencies;

    /// <summary>The control-plane and secret access monitor; null when <see cref="EngineOptions.Access"/> is off.</summary>
    private readonly AccessMonitor? _access;

    /// <summary>The alerts of the windows closed since the last punctuation (and by <paramref name="watermark"/>), or null.</summary>
    private List<AlertEvent>? SecurityAlerts(long watermark)
    {
        _security?.AdvanceWatermark(watermark, _securityAlerts);
        _dependencies?.AdvanceWatermark(watermark, _securityAlerts);
        _access?.AdvanceWatermark(watermark, _securityAlerts);
        if (_securityAlerts.Count == 0)
        {
            return null;
        }

        List<AlertEvent> alerts = [.. _securityAlerts];
        _securityAlerts.Clear();
        return alerts;
    }
}
