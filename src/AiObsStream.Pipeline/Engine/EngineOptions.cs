using AiObsStream.Core.Anomaly;
using AiObsStream.Core.Drift;
using AiObsStream.Core.Notifications;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Versions;
using AiObsStream.Core.Windows;
using AiObsStream.Pipeline.Inputs;

namespace AiObsStream.Pipeline.Engine;

/// <summary>Which metric rows the metrics output receives.</summary>
public enum MetricsEmitPolicy
{
    /// <summary>One row per window and series, written when the window closes (end + allowed lateness): exact, never revised.</summary>
    Final = 0,

    /// <summary>Rows as soon as a window fires, plus corrected rows (same RowId, higher Revision) after late records.</summary>
    Updates = 1,
}

/// <summary>Everything the engine needs to run.</summary>
public sealed record EngineOptions
{
    /// <summary>Event-time semantics.</summary>
    public EventTimeOptions EventTime { get; init; } = EventTimeOptions.Default;

    /// <summary>The rules.</summary>
    public RuleSet Rules { get; init; } = DefaultRules.Set;

    /// <summary>Streaming anomaly detection (SR on fixed-resolution buckets).</summary>
    public AnomalyOptions Anomaly { get; init; } = new();

    /// <summary>Event-time options of the anomaly detection buckets (resolution-sized windows, no lateness).</summary>
    public EventTimeOptions DetectionTime => EventTime with
    {
        Window = new WindowSpec(Anomaly.Resolution),
        AllowedLateness = TimeSpan.Zero,
    };

    /// <summary>Quality-drift detection per deployment, signal and model version (config section <c>drift</c>).</summary>
    public QualityDriftOptions Drift { get; init; } = new();

    /// <summary>
    /// The notification layer over every alert (keep-firing-for, flap damping, grouping, inhibition, silences); null
    /// turns notifications off (alerts are still written).
    /// </summary>
    public NotifierOptions? Notifications { get; init; } = new();

    /// <summary>Cost rows, spend alerts and forecasts (prices, deployment facts, cost tags).</summary>
    public Core.Cost.PricingOptions Pricing { get; init; } = new();

    /// <summary>Rollout detection and the model-version regression verdict.</summary>
    public RegressionOptions Regression { get; init; } = new();

    /// <summary>The incident layer between alerts and notifications (config section <c>incidents</c>).</summary>
    public Core.Incidents.IncidentOptions Incidents { get; init; } = new();

    /// <summary>Anomalous consumption per caller (issue #15 §1; README "Security"); off with <c>Enabled = false</c>.</summary>
    public Core.Security.CallerMonitorOptions Security { get; init; } = new();

    /// <summary>App Insights dependency latency and jitter (issue #15 §2; README "Dependency latency"); off with <c>Enabled = false</c>.</summary>
    public Core.Network.DependencyMonitorOptions Dependencies { get; init; } = new();

    /// <summary>Control-plane and secret access per identity (issue #15 §1; README "Security"); off with <c>Enabled = false</c>.</summary>
    public Core.Security.AccessMonitorOptions Access { get; init; } = new();

    /// <summary>Load and utilization forecasts, scale recommendations, forecast alerts (issue #15 §3; README "Prediction").</summary>
    public Core.Forecasting.ForecastOptions Forecast { get; init; } = new();

    /// <summary>
    /// Metrics whose on-time and corrected rows carry a copy of the window sketch (the union of what every per-version
    /// consumer needs: the regression verdict's distribution signals, quality drift): set on the main aggregator.
    /// </summary>
    public IReadOnlySet<string> AttachSketches
    {
        get
        {
            var names = new List<string>();
            if (Regression.Enabled)
            {
                names.AddRange(Regression.SketchMetrics);
            }

            if (Drift.Enabled)
            {
                names.AddRange(Drift.RequestMetrics);
            }

            return new Core.Drift.DriftSketchSet(Drift with
            {
                RequestMetrics = [.. names.Distinct(StringComparer.Ordinal)],
                Evaluations = Drift.Enabled && Drift.Evaluations,
            });
        }
    }

    /// <summary>Input limits.</summary>
    public InputOptions Input { get; init; } = new();

    /// <summary>
    /// Cardinality budget: the most series the engine keeps open state for at once (over all partitions). A record
    /// that would open one more is dead-lettered with <see cref="Core.Events.RejectReason.SeriesBudget"/> and counted;
    /// a label explosion cannot take the process down. Config <c>limits.maxActiveSeries</c>, CLI <c>--max-series</c>.
    /// </summary>
    public int MaxActiveSeries { get; init; } = 1_000_000;

    /// <summary>Number of aggregation partitions (defaults to the processor count).</summary>
    public int Partitions { get; init; } = Environment.ProcessorCount;

    /// <summary>What the metrics output receives.</summary>
    public MetricsEmitPolicy MetricsEmit { get; init; } = MetricsEmitPolicy.Final;

    /// <summary>Bound of every channel between stages (backpressure).</summary>
    public int ChannelCapacity { get; init; } = 8;

    /// <summary>
    /// Processing time: arrival times of live inputs (ingestion silence, the early-arrival bound). Replay never reads
    /// it for anything that reaches the outputs, so replays stay deterministic; tests pass a manual clock.
    /// </summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Send a punctuation at least every this many batches even if no window boundary was crossed (flushes corrections).</summary>
    public int PunctuateEveryBatches { get; init; } = 64;

    /// <summary>
    /// Whether a window that fires and closes in one tick becomes one row for on-time and final readers alike
    /// (<see cref="Core.Aggregation.WindowedAggregator.MergeOnTimeIntoFinal"/>; only with <see cref="MetricsEmitPolicy.Final"/>).
    /// Outputs are the same either way; tests turn it off to prove that.
    /// </summary>
    internal bool MergeOnTimeIntoFinal { get; init; } = true;
}
