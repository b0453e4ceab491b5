namespace AiObsStream.Cli.Report;

/// <summary>The columns of one metrics.jsonl row the report uses (NaN where a statistic is absent).</summary>
internal sealed record MetricRow
{
    public required long WindowStartMs { get; init; }

    public required long WindowEndMs { get; init; }

    public required string Metric { get; init; }

    public string Source { get; init; } = string.Empty;

    public string Deployment { get; init; } = string.Empty;

    public string ModelVersion { get; init; } = string.Empty;

    public string Resource { get; init; } = string.Empty;

    public string Host { get; init; } = string.Empty;

    public string Gpu { get; init; } = string.Empty;

    public string RowId { get; init; } = string.Empty;

    /// <summary>Cost rows' <c>Team</c> / <c>Project</c> (config <c>costTags</c>); empty when untagged.</summary>
    public string Team { get; init; } = string.Empty;

    public string Project { get; init; } = string.Empty;

    public int Revision { get; init; }

    /// <summary>Other dimensions (<c>HorizonHours=h</c> on forecast rows); empty when none.</summary>
    public string OtherDims { get; init; } = string.Empty;

    public double Count { get; init; } = double.NaN;

    public double Sum { get; init; } = double.NaN;

    public double Mean { get; init; } = double.NaN;

    /// <summary>The row's Min (a forecast's lower interval bound).</summary>
    public double Min { get; init; } = double.NaN;

    public double Max { get; init; } = double.NaN;

    public double P50 { get; init; } = double.NaN;

    public double P95 { get; init; } = double.NaN;

    public double P99 { get; init; } = double.NaN;

    public double Rate { get; init; } = double.NaN;

    public double Share { get; init; } = double.NaN;

    /// <summary>The named statistic (NaN when the row has none of that name).</summary>
    public double Stat(Statistic s) => s switch
    {
        Statistic.Count => Count,
        Statistic.Sum => Sum,
        Statistic.Mean => Mean,
        Statistic.Max => Max,
        Statistic.P50 => P50,
        Statistic.P95 => P95,
        Statistic.P99 => P99,
        Statistic.Rate => Rate,
        Statistic.Share => Share,
        _ => double.NaN,
    };
}

/// <summary>The statistics of a metrics row that the report charts.</summary>
internal enum Statistic
{
    Count,
    Sum,
    Mean,
    Max,
    P50,
    P95,
    P99,
    Rate,
    Share,
}
