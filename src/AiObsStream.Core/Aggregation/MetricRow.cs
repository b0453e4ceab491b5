using AiObsStream.Core.Events;

namespace AiObsStream.Core.Aggregation;

/// <summary>
/// One aggregated result for a window and a series (Metric, Source, Deployment, ModelVersion, Operation, Host, Gpu):
/// a row of the Log Analytics custom table AiObsMetrics_CL.
/// </summary>
/// <remarks>Numbers that do not apply to the metric are NaN (written as absent). Immutable once emitted.</remarks>
public sealed record MetricRow
{
    /// <summary>Window start, Unix ms.</summary>
    public required long WindowStartMs { get; init; }

    /// <summary>Window end (exclusive), Unix ms.</summary>
    public required long WindowEndMs { get; init; }

    /// <summary>Metric name (see <see cref="MetricNames"/>).</summary>
    public required string Metric { get; init; }

    /// <summary>The series dimensions.</summary>
    public required SeriesDims Dims { get; init; }

    /// <summary>
    /// The model version of the row: the series' own version, or for GPU rows the version that served the GPU's
    /// deployment in this window (set by the engine's version resolver).
    /// </summary>
    public required string ModelVersion { get; init; }

    /// <summary>Number of observations (for http_429/errors: number of such requests).</summary>
    public required long Count { get; init; }

    /// <summary>Sum of the observed values.</summary>
    public required double Sum { get; init; }

    /// <summary>Minimum observed value.</summary>
    public required double Min { get; init; }

    /// <summary>Maximum observed value.</summary>
    public required double Max { get; init; }

    /// <summary>Mean observed value.</summary>
    public required double Mean { get; init; }

    /// <summary>
    /// A private copy of the window's value distribution, attached to on-time and corrected rows of the metrics named in
    /// <see cref="WindowedAggregator.AttachSketches"/> (for per-version comparisons: drift, regression); null otherwise.
    /// Never serialized to outputs.
    /// </summary>
    public Sketches.DDSketch? Sketch
    {
        get => _rare?.Sketch;
        init
        {
            if (!ReferenceEquals(value, Sketch))
            {
                _rare = Rare.Normal((_rare ?? Rare.None) with { Sketch = value });
            }
        }
    }

    /// <summary>Median (sketch, relative error ≤ 0.5 %).</summary>
    public double P50 { get; init; } = double.NaN;

    /// <summary>90th percentile.</summary>
    public double P90 { get; init; } = double.NaN;

    /// <summary>95th percentile.</summary>
    public double P95 { get; init; } = double.NaN;

    /// <summary>99th percentile.</summary>
    public double P99 { get; init; } = double.NaN;

    /// <summary>Per-minute rate where it applies: RPM for requests, TPM for tokens_total.</summary>
    public double Rate
    {
        get => _rare?.Rate ?? double.NaN;
        init
        {
            if (!Rare.Same(value, Rate))
            {
                _rare = Rare.Normal((_rare ?? Rare.None) with { Rate = value });
            }
        }
    }

    /// <summary>Share of requests where it applies (http_429, errors), 0..1.</summary>
    public double Share
    {
        get => _rare?.Share ?? double.NaN;
        init
        {
            if (!Rare.Same(value, Share))
            {
                _rare = Rare.Normal((_rare ?? Rare.None) with { Share = value });
            }
        }
    }

    /// <summary>0 for the first emission of this row identity, incremented by each correction.</summary>
    public int Revision { get; init; }

    /// <summary>Why the row was emitted.</summary>
    public RowKind Kind { get; init; }

    /// <summary>
    /// On a <see cref="RowKind.Final"/> row: the row is also its window's on-time row. The window fired and closed in
    /// one watermark advance (the end of the input, or an advance past end + allowed lateness), where the on-time row
    /// and the final row would hold the same numbers; the engine then builds this one row for both (#12), and readers
    /// of on-time rows take it through <see cref="IsOnTime"/>. Never serialized to outputs.
    /// </summary>
    public bool AlsoOnTime { get; init; }

    /// <summary>Whether readers of on-time rows take this row: an on-time row, or a final row that is also the on-time one.</summary>
    public bool IsOnTime => Kind == RowKind.OnTime || AlsoOnTime;

    /// <summary>Team the row's spend is attributed to (cost rows only; empty otherwise, and then not written).</summary>
    public string Team
    {
        get => _rare?.Team ?? string.Empty;
        init
        {
            if (!string.Equals(value, Team, StringComparison.Ordinal))
            {
                _rare = Rare.Normal((_rare ?? Rare.None) with { Team = value ?? string.Empty });
            }
        }
    }

    /// <summary>Project the row's spend is attributed to (cost rows only; empty otherwise, and then not written).</summary>
    public string Project
    {
        get => _rare?.Project ?? string.Empty;
        init
        {
            if (!string.Equals(value, Project, StringComparison.Ordinal))
            {
                _rare = Rare.Normal((_rare ?? Rare.None) with { Project = value ?? string.Empty });
            }
        }
    }

    /// <summary>
    /// The fields most rows leave at their defaults (a rate and a share on a few request metrics, a sketch copy on
    /// on-time rows of compared metrics, a team and project on cost rows), in one side object; null when all are at their
    /// defaults. A GPU fleet's rows are then 32 bytes smaller (#12: a 48-byte larger row cost ~5 % of that run). Record
    /// equality and <c>with</c> stay as they were: the side object is an immutable record, replaced on every change and
    /// dropped when it holds only defaults (compared bit for bit, so a NaN keeps its bits).
    /// </summary>
    private Rare? _rare;

    /// <summary>Deterministic identity of the row (window, metric, series): equal across revisions and replays.</summary>
    public ulong RowId => StableHash64.Combine(
        StableHash64.Combine((ulong)WindowStartMs, (ulong)WindowEndMs),
        StableHash64.Combine(StableHash64.Of(Metric), Dims.StableHash));

    private sealed record Rare(double Rate, double Share, Sketches.DDSketch? Sketch, string Team, string Project)
    {
        public static readonly Rare None = new(double.NaN, double.NaN, null, string.Empty, string.Empty);

        /// <summary>Bit for bit (NaN payloads and the sign of zero included), as a field of its own compared nothing else.</summary>
        public static bool Same(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);

        /// <summary>Null when every field is at its default (bit for bit), else the object.</summary>
        public static Rare? Normal(Rare rare) =>
            Same(rare.Rate, double.NaN) && Same(rare.Share, double.NaN) && rare.Sketch is null && rare.Team.Length == 0 && rare.Project.Length == 0
                ? null
                : rare;
    }
}
