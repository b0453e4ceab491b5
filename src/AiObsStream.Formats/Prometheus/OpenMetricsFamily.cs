namespace AiObsStream.Formats.Prometheus;

/// <summary>The metric family types of OpenMetrics 1.0 (0.0.4's <c>untyped</c> is <see cref="Unknown"/>).</summary>
internal enum OpenMetricsType : byte
{
    Unknown,
    Gauge,
    Counter,
    StateSet,
    Info,
    Histogram,
    GaugeHistogram,
    Summary,
}

/// <summary>What a sample is within its family, from its name suffix.</summary>
internal enum SampleRole : byte
{
    /// <summary>The family name itself: gauge, unknown and stateset values, summary quantiles.</summary>
    Plain,
    Total,
    Created,
    Count,
    Sum,
    Bucket,
    GaugeCount,
    GaugeSum,
    Info,
}

/// <summary>One metric family of the exposition being validated (reused across expositions by generation).</summary>
internal sealed class OpenMetricsFamily(string name)
{
    public string Name { get; } = name;

    /// <summary>The name as ASCII bytes (metric names are ASCII).</summary>
    public byte[] Utf8 { get; } = System.Text.Encoding.ASCII.GetBytes(name);

    public int Generation;
    public OpenMetricsType Type;
    public bool HasType;
    public bool HasHelp;
    public bool HasUnit;
    public bool NonEmptyUnit;
    public bool Started;
    public bool Closed;

    /// <summary>Forgets everything for a new exposition.</summary>
    public void Begin(int generation)
    {
        Generation = generation;
        Type = OpenMetricsType.Unknown;
        HasType = HasHelp = HasUnit = NonEmptyUnit = Started = Closed = false;
    }
}
