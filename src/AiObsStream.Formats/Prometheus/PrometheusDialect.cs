namespace AiObsStream.Formats.Prometheus;

/// <summary>Which text exposition rules a <see cref="PrometheusTextParser"/> applies.</summary>
public enum PrometheusDialect
{
    /// <summary>
    /// Prometheus text 0.0.4 until the input shows it is OpenMetrics (a <c># UNIT</c> or <c># EOF</c> line);
    /// <see cref="PrometheusUnitParser"/> looks at the whole unit first, so it never switches half-way.
    /// </summary>
    Auto = 0,

    /// <summary>Prometheus text format 0.0.4: timestamps are int64 milliseconds, CRLF and extra blanks tolerated.</summary>
    Text004 = 1,

    /// <summary>OpenMetrics 1.0: timestamps are (float) seconds, single-space separators, no comments, ends with <c># EOF</c>.</summary>
    OpenMetrics = 2,
}
