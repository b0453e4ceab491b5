using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Incidents;

/// <summary>
/// One signal of an incident: a rule on one deployment (or GPU host), however many sources saw it. The value shown is
/// the peak from the trusted source for the metric (see the incident correlator), the other sources are listed.
/// </summary>
public sealed record IncidentSignal
{
    /// <summary>The rule name, for example <c>latency-p95</c> or <c>anomaly:fb_used_pct</c>.</summary>
    public required string Rule { get; init; }

    /// <summary>The metric of the rule.</summary>
    public required string Metric { get; init; }

    /// <summary>The statistic compared.</summary>
    public required Statistic Statistic { get; init; }

    /// <summary>Peak (worst) value seen while the signal fired, from <see cref="Source"/>.</summary>
    public required double Peak { get; init; }

    /// <summary>The threshold (or the upper/lower band of an anomaly) at the peak.</summary>
    public required double Threshold { get; init; }

    /// <summary>Highest severity seen.</summary>
    public required Severity Severity { get; init; }

    /// <summary>The source whose value is shown (the trusted one for the metric among those that saw it).</summary>
    public required string Source { get; init; }

    /// <summary>Every source that raised the rule for this scope, ordinal order.</summary>
    public required IReadOnlyList<string> Sources { get; init; }

    /// <summary>Deployment (empty for host-wide signals).</summary>
    public required string Deployment { get; init; }

    /// <summary>Model version of the peak.</summary>
    public required string ModelVersion { get; init; }

    /// <summary>Host (GPU signals).</summary>
    public required string Host { get; init; }

    /// <summary>Raw alerts (AlertIds) gathered into this signal.</summary>
    public required int Alerts { get; init; }

    /// <summary>True while at least one of its raw alerts fires.</summary>
    public required bool Firing { get; init; }
}
