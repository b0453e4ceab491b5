namespace AiObsStream.Formats.Prometheus;

/// <summary>Which text exposition rules a <see cref="PrometheusTextParser"/> applies.</summary>
public enum PrometheusDialect
{
    /// <summary>
    /// Decided from the input: <see cref="PrometheusUnitParser"/> and the file input settle it before the first sample
    /// with <see cref="ExpositionSniffer"/>; a caller feeding lines one by one gets 0.0.4 until a <c># UNIT</c> or
    /// <c># EOF</c> line.
    /// </summary>
    Auto = 0,

    /// <summary>Prometheus text format 0.0.4: timestamps are int64 milliseconds, CRLF and extra blanks tolerated.</summary>
    Text004 = 1,

    /// <summary>OpenMetrics 1.0: timestamps are (float) seconds, single-space separators, no comments, ends with <c># EOF</c>.</summary>
    OpenMetrics = 2,
}
