using AiObsStream.Core.Anomaly;
using AiObsStream.Core.Cost;
using AiObsStream.Core.Drift;
using AiObsStream.Core.Forecasting;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Notifications;
using AiObsStream.Core.Operators;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Versions;

namespace AiObsStream.Pipeline.Engine;

/// <summary>
/// The engine's operators after parsing, declared in one place: read <see cref="Nodes"/> top to bottom to see what runs,
/// in which order, keyed by what, where, and why each edge exists. <see cref="OutputStage"/> executes this order for
/// every tick (one punctuation, all partitions' rows aligned).
/// </summary>
/// <remarks>
/// The output of a tick is independent of the partition count and of thread timing: partitions own disjoint series,
/// the rows of all partitions are put in <see cref="RowOrder"/> before any per-key operator reads them, and the
/// fan-out's outputs are concatenated in the declared order, never in completion order.
/// </remarks>
internal sealed class OperatorGraph : IDisposable
{
    /// <summary>
    /// The fewest rows, over the fan-out operators' inputs, for which a tick's fan-out wakes the helper threads; a
    /// smaller tick runs it on the output stage's thread (a few hundred rows of rules and sink writes take about what a
    /// helper's wake-up costs).
    /// </summary>
    internal const int FanOutMinRowsForHelpers = 256;

    /// <summary>The nodes in execution order.</summary>
    public static IReadOnlyList<OperatorNode> Nodes { get; } =
    [
        new("aggregate", Placement.PerPartition, "series", "events routed by the sequencer",
            "event-time windows and sketches per series; the only per-event work, so it scales with partitions"),
        new("detect-buckets", Placement.PerPartition, "anomaly metric × series", "the same events",
            "fixed-resolution buckets for anomaly detection, aggregated beside the windows"),
        new("version-join", Placement.Global, "deployment × window", "every partition's rows of the tick",
            "GPU rows carry no model version: the deployment's dominant version in the window comes from the request "
            + "rows of other partitions, so this join needs them all and runs first; rules, anomalies, regression and "
            + "cost read the resolved version"),
        new("cost", Placement.Global, "series (derived rows), run totals", "rows with versions resolved, any order",
            "cost rows are ordered and written like any other row, so they are derived before the ordering; the "
            + "price depends on the resolved model version"),
        new("order", Placement.Global, "-", "rows + cost rows",
            "the output order (RowOrder) is what makes every later step independent of the partition count"),
        new("rules", Placement.PerKey, "rule × series", "ordered on-time rows by window, the watermark",
            "threshold alerts; independent of every other fan-out operator"),
        new("spend", Placement.PerKey, "spend series (deployment, team)", "ordered final rows (cost_usd), the watermark",
            "spend alerts and forecast rows (written after the tick's rows)"),
        new("regression", Placement.PerKey, "deployment × model version", "ordered on-time rows",
            "version regression alerts, and the rollouts incident correlation reads"),
        new("anomaly", Placement.PerKey, "anomaly rule × series", "ordered detection buckets, versions resolved",
            "anomaly alerts; reads the detection buckets, not the windows"),
        new("forecast", Placement.PerKey, "forecast series (GPU; deployment × source)", "ordered final rows, the watermark",
            "hourly forecasts, capacity and GPUs needed (rows written after the tick's rows) and forecast-gpu-saturated "
            + "alerts; last in the fan-out, so the earlier operators' merge order is unchanged"),
        new("drift", Placement.PerKey, "deployment × model version × signal",
            "ordered on-time rows + the alerts of rules, spend, regression and anomaly",
            "keeps windows of a deployment with a firing alert out of its baseline, so it runs after the fan-out"),
        new("alert-order", Placement.Global, "-", "all alerts of the tick",
            "a stable sort by event time: the merge order of the fan-out breaks ties"),
        new("incidents", Placement.Global, "deployment (cross-signal)", "ordered on-time rows, the tick's rollouts, all alerts",
            "correlates alerts of every operator and deployment, so it needs them all"),
        new("notifier", Placement.Global, "alert group", "released alerts (or incident pseudo-alerts), the watermark",
            "grouping, inhibition and silences span deployments"),
        new("sinks", Placement.Global, "-", "rows, alerts, incidents, notifications",
            "one ordered output per file; the tick's rows are final once ordered, so they are written during the "
            + "fan-out (forecast rows after it), everything else once the tick's alerts are known"),
    ];

    private readonly IOperator[] _fanOut;

    /// <summary>
    /// Builds the operators <paramref name="options"/> enables; the fan-out uses up to <paramref name="parallelism"/>
    /// threads and, given <paramref name="rowWriter"/>, writes the tick's rows beside the operators.
    /// </summary>
    public OperatorGraph(EngineOptions options, int parallelism, IOperator? rowWriter = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Pricing.Enabled)
        {
            Cost = new CostDeriveOperator(new CostDeriver(options.Pricing));
            Spend = new FinalRowsOperator<SpendMonitor>("spend", new SpendMonitor(options.Pricing.Spend, options.Anomaly.SrCnnModel), options.EventTime.AllowedLatenessMs);
        }

        Rules = new RuleOperator(new RuleEngine(options.Rules, options.EventTime.Window));
        if (options.Regression.Enabled)
        {
            var deriver = Cost?.Deriver;
            Regression = new RegressionOperator(new VersionRegressionEngine(options.Regression with
            {
                // cost per request from the price table (when pricing is on and nothing else was configured); the
                // deriver's prices are read-only here, so this is safe beside the other fan-out operators
                CostOf = options.Regression.CostOf ?? (deriver is not null
                    ? c => deriver.TokenCostUsd(c.Deployment, c.ModelName, c.ModelVersion, c.WindowStartMs, c.PromptTokens, c.CompletionTokens)
                    : null),
            }, options.EventTime.Window.SizeMs));
        }

        Anomaly = options.Anomaly.Enabled ? new AnomalyOperator(new AnomalyEngine(options.Anomaly)) : null;
        Forecast = options.Forecast.Enabled ? new FinalRowsOperator<ForecastEngine>("forecast", new ForecastEngine(ForecastFromRules(options)), options.EventTime.AllowedLatenessMs) : null;
        Drift = options.Drift.Enabled ? new DriftOperator(new QualityDriftMonitor(options.Drift)) : null;
        Incidents = options.Incidents.Enabled ? new IncidentCorrelator(options.Incidents, options.EventTime.Window.SizeMs) : null;
        Notifier = options.Notifications is { } notifications ? new AlertNotifier(notifications) : null;

        // The merge order of the fan-out: the order the alerts were appended in before the graph was explicit.
        _fanOut = new IOperator?[] { Rules, Spend, Regression, Anomaly, Forecast }.OfType<IOperator>().ToArray();
        RowWriter = rowWriter;
        IOperator[] group = rowWriter is null ? _fanOut : [rowWriter, .. _fanOut]; // first: the longest job starts first
        FanOut = new ParallelOperators(group, Math.Min(parallelism, group.Length), FanOutMinRowsForHelpers);
    }

    /// <summary>The GPU → model-version join (global).</summary>
    public VersionResolver Join { get; } = new();

    /// <summary>Cost derivation (null when pricing is off).</summary>
    public CostDeriveOperator? Cost { get; }

    /// <summary>Spend monitoring (null when pricing is off).</summary>
    public FinalRowsOperator<SpendMonitor>? Spend { get; }

    /// <summary>Threshold rules.</summary>
    public RuleOperator Rules { get; }

    /// <summary>Version regression (null when off).</summary>
    public RegressionOperator? Regression { get; }

    /// <summary>Anomaly detection (null when off).</summary>
    public AnomalyOperator? Anomaly { get; }

    /// <summary>Forecasts, scale recommendations and forecast alerts (null when off).</summary>
    public FinalRowsOperator<ForecastEngine>? Forecast { get; }

    /// <summary>Quality drift (null when off).</summary>
    public DriftOperator? Drift { get; }

    /// <summary>Incident correlation (null when off).</summary>
    public IncidentCorrelator? Incidents { get; }

    /// <summary>The notification layer (null when not configured).</summary>
    public AlertNotifier? Notifier { get; }

    /// <summary>The sinks' row writes, run in the fan-out (null when the stage writes rows itself).</summary>
    public IOperator? RowWriter { get; }

    /// <summary>The jobs that run concurrently: the row writer, then the per-key operators in merge order (rules, spend, regression, anomaly).</summary>
    public ParallelOperators FanOut { get; }

    /// <summary>The names of the operators this graph built, in execution order (tests, diagnostics).</summary>
    public IReadOnlyList<string> Built()
    {
        var names = new List<string> { "version-join" };
        if (Cost is not null)
        {
            names.Add(Cost.Name);
        }

        names.AddRange(_fanOut.Select(o => o.Name));
        if (Drift is not null)
        {
            names.Add(Drift.Name);
        }

        if (Incidents is not null)
        {
            names.Add("incidents");
        }

        if (Notifier is not null)
        {
            names.Add("notifier");
        }

        return names;
    }

    /// <summary>Sets the input of fan-out operator <paramref name="op"/> for the next <see cref="ParallelOperators.Run"/>.</summary>
    public void Feed(IOperator? op, in OperatorInput input)
    {
        if (op is not null)
        {
            FanOut.SetInput(IndexOf(op), input);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => FanOut.Dispose();

    /// <summary>
    /// The forecast options with the thresholds of the rules in force: the alert compares with the <c>gpu-saturated</c>
    /// warning threshold (a deployment's <c>overrides.&lt;deployment&gt;.warning</c> where set; none where the override
    /// turns the rule off) and the capacity counts hours within the <c>latency-p95</c> warning threshold (global).
    /// </summary>
    private static ForecastOptions ForecastFromRules(EngineOptions options)
    {
        var forecast = options.Forecast;
        foreach (var rule in options.Rules.Rules)
        {
            if (rule.Name == "gpu-saturated")
            {
                forecast = forecast with
                {
                    SaturationThreshold = rule.Warning ?? forecast.SaturationThreshold,
                    SaturationByDeployment = SaturationOverrides(rule),
                };
            }
            else if (rule.Name == "latency-p95" && rule.Warning is { } latency)
            {
                forecast = forecast with { AcceptableLatencyP95Ms = latency };
            }
        }

        return forecast;
    }

    /// <summary>The per-deployment saturation thresholds of the <c>gpu-saturated</c> rule's overrides (+∞: rule off).</summary>
    private static Dictionary<string, double> SaturationOverrides(RuleDefinition rule)
    {
        var thresholds = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (deployment, o) in rule.Overrides ?? new Dictionary<string, RuleOverride>())
        {
            if (o.Enabled == false)
            {
                thresholds[deployment] = double.PositiveInfinity;
            }
            else if (o.Warning is { } warning)
            {
                thresholds[deployment] = warning;
            }
        }

        return thresholds;
    }

    private int IndexOf(IOperator op)
    {
        var jobs = FanOut.Operators;
        for (var i = 0; i < jobs.Count; i++)
        {
            if (ReferenceEquals(jobs[i], op))
            {
                return i;
            }
        }

        throw new ArgumentException($"operator '{op.Name}' is not in the fan-out", nameof(op));
    }
}
