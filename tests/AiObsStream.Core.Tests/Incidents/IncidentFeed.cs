using System.Globalization;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Versions;

namespace AiObsStream.Core.Tests.Incidents;

/// <summary>Hand-built rows and alerts for the correlator tests: one-minute windows from <see cref="T0"/>.</summary>
internal sealed class IncidentFeed
{
    public const long T0 = 1_795_000_000_000 - (1_795_000_000_000 % 60_000);
    public const long Minute = 60_000;
    private static readonly string[] CallSources = ["AzureOpenAI", "AppInsights", "Log"];
    private int _ids;

    public IncidentFeed(IncidentOptions? options = null) => Correlator = new IncidentCorrelator(options ?? new IncidentOptions(), Minute);

    public IncidentCorrelator Correlator { get; }

    public List<AlertEvent> Released { get; } = [];

    public List<IncidentEvent> Events { get; } = [];

    public List<AlertEvent> Notices { get; } = [];

    public static long W(int window) => T0 + (window * Minute);

    /// <summary>Request and 429 rows of one window, as each of the three sources of the same calls reports them.</summary>
    public static List<MetricRow> Load(int window, string deployment, double requests, double throttled = 0, string version = "v1")
    {
        var rows = new List<MetricRow>();
        foreach (var source in CallSources)
        {
            var dims = new SeriesDims(Enum.Parse<TelemetrySource>(source), deployment, "gpt-4o", version, "op", string.Empty, string.Empty, string.Empty);
            rows.Add(Row(window, MetricNames.Requests, dims, version, requests));
            rows.Add(Row(window, MetricNames.Http429, dims, version, throttled));
        }

        return rows;
    }

    /// <summary>A DCGM row linking a GPU host to the deployment it serves.</summary>
    public static MetricRow Gpu(int window, string deployment, string host, double util = 50) =>
        Row(window, MetricNames.GpuUtil, new SeriesDims(TelemetrySource.DCGM, deployment, "gpt-4o", "v1", string.Empty, string.Empty, host, "GPU-0"), "v1", 4, util);

    private static MetricRow Row(int window, string metric, SeriesDims dims, string version, double count, double mean = double.NaN) => new()
    {
        WindowStartMs = W(window),
        WindowEndMs = W(window + 1),
        Metric = metric,
        Dims = dims,
        ModelVersion = version,
        Count = (long)count,
        Sum = count,
        Min = 0,
        Max = 0,
        Mean = mean,
        Kind = RowKind.OnTime,
    };

    /// <summary>A threshold-rule alert about <paramref name="window"/> (stamped at its end, as the rule engine does).</summary>
    public AlertEvent Rule(string rule, string metric, int window, double value, double threshold, string source = "AzureOpenAI",
        string deployment = "chat-prod", string version = "v1", string host = "", Severity severity = Severity.Warning) => new()
    {
        AlertId = NextId(),
        Rule = rule,
        Severity = severity,
        Status = AlertStatus.Firing,
        TimeGeneratedMs = W(window + 1),
        StartsAtMs = W(window),
        Value = value,
        Threshold = threshold,
        Metric = metric,
        Statistic = metric == MetricNames.Http429 ? Statistic.Share : Statistic.P95,
        Source = source,
        Deployment = deployment,
        ModelName = "gpt-4o",
        ModelVersion = version,
        Operation = "op",
        Host = host,
        Gpu = host.Length > 0 ? "GPU-0" : string.Empty,
        Summary = rule,
    };

    /// <summary>An anomaly alert inside <paramref name="window"/> (at 20 s), against an expected value.</summary>
    public AlertEvent Anomaly(string metric, int window, double value, double expected, string deployment = "chat-prod", string host = "h1",
        string source = "DCGM", string version = "v1") => new()
    {
        AlertId = NextId(),
        Rule = "anomaly:" + metric,
        Severity = Severity.Warning,
        Status = AlertStatus.Firing,
        TimeGeneratedMs = W(window) + 20_000,
        StartsAtMs = W(window) + 16_000,
        Value = value,
        Threshold = value > expected ? expected * 1.2 : expected * 0.8,
        Metric = metric,
        Statistic = Statistic.Mean,
        Source = source,
        Deployment = deployment,
        ModelName = "gpt-4o",
        ModelVersion = version,
        Operation = string.Empty,
        Host = host,
        Gpu = "GPU-0",
        Score = 0.9,
        ExpectedValue = expected,
        LowerBound = expected * 0.8,
        UpperBound = expected * 1.2,
        Summary = "anomaly",
    };

    /// <summary>The regression verdict (Value = effect, Score = confidence, Threshold = min effect).</summary>
    public AlertEvent Regression(int window, string version, string metric = MetricNames.LatencyMs, string deployment = "chat-prod") =>
        Rule(RegressionOptions.RuleName, metric, window, 1.5, 0.15, source: string.Empty, deployment: deployment, version: version) with { Score = 0.999 };

    public static AlertEvent Resolve(AlertEvent alert, int window) => alert with
    {
        Status = AlertStatus.Resolved,
        TimeGeneratedMs = W(window + 1),
        EndsAtMs = W(window),
        Value = alert.Threshold / 2,
    };

    /// <summary>One output tick at the end of <paramref name="window"/> (the watermark at its end).</summary>
    public void Tick(int window, IReadOnlyList<MetricRow>? rows = null, IReadOnlyList<AlertEvent>? alerts = null,
        IReadOnlyList<RolloutEvent>? rollouts = null, long? watermarkMs = null) =>
        Correlator.Process(rows ?? [], rollouts ?? [], alerts ?? [], watermarkMs ?? W(window + 1), Released, Events, Notices);

    /// <summary>A new feed (default options) whose correlator restores this one's saved state: a stop and restart here.</summary>
    public IncidentFeed Restored()
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            Correlator.SaveState(writer);
        }

        buffer.Position = 0;
        var next = new IncidentFeed();
        using (var reader = new BinaryReader(buffer))
        {
            next.Correlator.RestoreState(reader);
        }

        return next;
    }

    /// <summary>Steady load for windows [from, to) on the deployments.</summary>
    public void Steady(int from, int to, double requests, params string[] deployments)
    {
        for (var w = from; w < to; w++)
        {
            var rows = new List<MetricRow>();
            foreach (var d in deployments)
            {
                rows.AddRange(Load(w, d, requests));
            }

            Tick(w, rows);
        }
    }

    public List<IncidentEvent> Opened() => [.. Events.Where(e => e.Status == IncidentStatus.Open)];

    public IncidentEvent LatestOf(string id) => Events.Last(e => e.IncidentId == id);

    private string NextId() => "a" + (_ids++).ToString("D4", CultureInfo.InvariantCulture);
}
