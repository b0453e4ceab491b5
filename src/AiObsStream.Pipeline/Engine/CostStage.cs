using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Cost;
using AiObsStream.Core.Rules;

namespace AiObsStream.Pipeline.Engine;

/// <summary>
/// The output stage's cost hook: derives cost rows from each tick's rows (before ordering, so they are ordered and
/// written like any other row), then feeds final spend to the <see cref="SpendMonitor"/> and closes the spend buckets
/// the watermark made final (spend alerts and forecast rows, always written).
/// </summary>
internal sealed class CostStage
{
    private readonly CostDeriver _deriver;
    private readonly SpendMonitor _spend;
    private readonly long _latenessMs;
    private readonly List<MetricRow> _derived = [];
    private readonly List<MetricRow> _forecasts = [];

    public CostStage(EngineOptions options)
    {
        _deriver = new CostDeriver(options.Pricing);
        _spend = new SpendMonitor(options.Pricing.Spend, options.Anomaly.SrCnnModel);
        _latenessMs = options.EventTime.AllowedLatenessMs;
    }

    public CostDeriver Deriver => _deriver;

    public SpendMonitor Spend => _spend;

    /// <summary>Appends the cost rows of <paramref name="rows"/> (unsorted, versions resolved) to it.</summary>
    public void Derive(List<MetricRow> rows)
    {
        _derived.Clear();
        _deriver.Derive(rows, _derived);
        rows.AddRange(_derived);
    }

    /// <summary>Observes the sorted rows' final spend and closes what the watermark made final.</summary>
    public void Monitor(List<MetricRow> sortedRows, long watermark, List<AlertEvent> alerts, List<MetricRow> written)
    {
        _spend.Observe(sortedRows);
        _forecasts.Clear();
        _spend.Advance(watermark == long.MaxValue ? long.MaxValue : watermark - _latenessMs, alerts, _forecasts);
        written.AddRange(_forecasts);
    }
}
