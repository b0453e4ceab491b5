namespace AiObsStream.Formats.Prometheus;

/// <summary>What <see cref="ExpositionSniffer"/> decided about an exposition before its first sample, and why.</summary>
/// <param name="Dialect">
/// <see cref="PrometheusDialect.Text004"/> or <see cref="PrometheusDialect.OpenMetrics"/>;
/// <see cref="PrometheusDialect.Auto"/> when <paramref name="Ambiguous"/>.
/// </param>
/// <param name="HasTimestamps">Whether any sample seen carries a timestamp.</param>
/// <param name="Evidence">The rule that decided (or, when ambiguous, why nothing could), for messages and logs.</param>
/// <param name="Ambiguous">True when the timestamps cannot be read one way only: the input must be rejected.</param>
public readonly record struct DialectVerdict(PrometheusDialect Dialect, bool HasTimestamps, string Evidence, bool Ambiguous);
