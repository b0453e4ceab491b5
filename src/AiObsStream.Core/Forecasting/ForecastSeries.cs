using AiObsStream.Core.Events;
using AiObsStream.Core.Operators;

namespace AiObsStream.Core.Forecasting;

/// <summary>One forecast series: its identity, open hourly buckets, bounded closed history and alert state.</summary>
internal sealed class ForecastSeries(ForecastTarget target, string deployment, TelemetrySource source, string host, string gpu, int maxHours)
{
    public ForecastTarget Target { get; } = target;

    public string Deployment { get; } = deployment;

    public TelemetrySource Source { get; } = source;

    public string Host { get; } = host;

    public string Gpu { get; } = gpu;

    public string ModelName = string.Empty;

    /// <summary>The model version of the latest row seen (GPU rows: the version their deployment served).</summary>
    public string ModelVersion = string.Empty;

    public HourlyHistory History { get; } = new(maxHours);

    /// <summary>Hours still open (hour → what its final rows added up to).</summary>
    public SmallLongMap<HourBucket> Open { get; } = new();

    /// <summary>The latest forecast (hours 1..H after <see cref="HourlyHistory.LastHour"/>); not checkpointed: the next closed hour redoes it.</summary>
    public ForecastPoint[]? Latest;

    /// <summary>Dimensions of the forecast rows per hour ahead (index h − 1), made once.</summary>
    public SeriesDims[]? RowDims;

    public string? AlertId;

    public long AlertStartsAtMs;

    public static string Key(ForecastTarget target, string deployment, TelemetrySource source, string host, string gpu) =>
        $"{(int)target}|{deployment}|{(int)source}|{host}|{gpu}";

    public string Key() => Key(Target, Deployment, Source, Host, Gpu);

    /// <summary>The hour's value: a mean of window means (utilization) or the per-window total averaged over windows (loads).</summary>
    public double ValueOf(HourBucket b) => Target is ForecastTarget.Requests or ForecastTarget.Tokens
        ? b.Sum / Math.Max(1, b.WindowCount)
        : b.Sum / Math.Max(1, b.Rows);
}
