namespace AiObsStream.Cli.Tests.Deploy.Grafana;

/// <summary>
/// The dashboards in deploy/grafana against what the engine writes: every KQL query's tables and columns against
/// main.bicep's schemas, every metric name against the engine's instruments and the DCGM fields it maps, and the
/// structure Grafana needs to import them.
/// </summary>
public class GrafanaDashboardTests
{
    public static TheoryData<string> Files() => [.. FileNames()];

    private static IReadOnlyList<string> FileNames() => [.. GrafanaDashboard.Files().Select(Path.GetFileName).OfType<string>()];

    private static GrafanaDashboard Load(string file) =>
        GrafanaDashboard.Parse(file, File.ReadAllText(Path.Combine(TestKit.TestData.RepoRoot, "deploy", "grafana", file)));

    private static IReadOnlyList<string> QueryProblems(GrafanaDashboard dashboard, IReadOnlyDictionary<string, IReadOnlySet<string>> tables,
        IReadOnlySet<string> prometheusMetrics) =>
        [.. dashboard.Queries().SelectMany(q => (q.Language == QueryLanguage.Kql
                ? KqlChecker.Check(q.Text, tables, KnownNames.RowMetrics)
                : PromQlChecker.Check(q.Text, prometheusMetrics))
            .Select(p => $"{dashboard.Name} {q.Where}: {p}"))];

    [Fact]
    public void Files_LogAnalyticsAndPrometheus_BothFound()
    {
        Assert.Equal(["aiobs-loganalytics.json", "aiobs-prometheus.json"], FileNames());
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Dashboard_Structure_ImportsIntoGrafana(string file)
    {
        Assert.Empty(Load(file).StructureProblems());
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Dashboard_Queries_MatchTheBicepTablesAndTheEngineMetricNames(string file)
    {
        var dashboard = Load(file);

        Assert.NotEmpty(dashboard.Queries());
        Assert.Empty(QueryProblems(dashboard, BicepTables.FromRepository(), KnownNames.PrometheusMetrics));
    }

    [Fact]
    public void Dashboards_Uids_AreUnique()
    {
        var uids = FileNames().Select(f => (string)Load(f).Root["uid"]!).ToList();

        Assert.Equal(uids.Count, uids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void LogAnalytics_ReadsAllThreeTables_WithDeploymentVersionAndHostVariables()
    {
        var dashboard = Load("aiobs-loganalytics.json");
        var kql = string.Join("\n", dashboard.Queries().Where(q => q.Language == QueryLanguage.Kql).Select(q => q.Text));

        Assert.All(BicepTables.FromRepository().Keys, table => Assert.Contains(table, kql, StringComparison.Ordinal));
        Assert.Subset(VariableNames(dashboard), new HashSet<string> { "deployment", "model_version", "host", "ds_la" });
        Assert.All(new[] { "latency_ms", "http_429", "requests", "tokens_total", "gpu_util", "fb_used_pct", "power_w", "gpu_temp_c", "cost_usd" },
            metric => Assert.Contains($"\"{metric}\"", kql, StringComparison.Ordinal));
    }

    [Fact]
    public void Prometheus_JoinsDcgmFieldsWithTheEngineHealthMetrics()
    {
        var dashboard = Load("aiobs-prometheus.json");
        var metrics = dashboard.Queries().SelectMany(q => PromQlChecker.Names(PromQlChecker.Unwrap(q.Text)).Metrics).ToHashSet(StringComparer.Ordinal);

        Assert.Subset(metrics, new HashSet<string>
        {
            "DCGM_FI_DEV_GPU_UTIL", "DCGM_FI_DEV_FB_USED", "DCGM_FI_DEV_POWER_USAGE", "DCGM_FI_DEV_GPU_TEMP",
            "messaging_kafka_consumer_lag", "aiobs_watermark_delay_seconds", "aiobs_checkpoint_age_seconds",
            "aiobs_records_rejected_total", "aiobs_incidents_open",
        });
        Assert.Subset(VariableNames(dashboard), new HashSet<string> { "deployment", "host", "ds_prom" });
    }

    [Fact]
    public void LogAnalytics_RenamedBicepColumn_FailsTheCheck()
    {
        // What a rename in main.bicep does to the real dashboard: P95 becomes P95Ms, the latency panels break.
        var bicep = File.ReadAllText(Path.Combine(TestKit.TestData.RepoRoot, "deploy", "loganalytics", "main.bicep"));
        var renamed = BicepTables.Parse(bicep.Replace("{ name: 'P95', type: 'real' }", "{ name: 'P95Ms', type: 'real' }", StringComparison.Ordinal));

        var problems = QueryProblems(Load("aiobs-loganalytics.json"), renamed, KnownNames.PrometheusMetrics);

        Assert.Contains(problems, p => p.Contains("Latency p50 / p95 / p99", StringComparison.Ordinal) && p.Contains("column P95 ", StringComparison.Ordinal));
    }

    [Fact]
    public void Prometheus_RenamedInstrument_FailsTheCheck()
    {
        var without = KnownNames.PrometheusMetrics.Where(m => m != "aiobs_watermark_delay_seconds").ToHashSet(StringComparer.Ordinal);

        var problems = QueryProblems(Load("aiobs-prometheus.json"), BicepTables.FromRepository(), without);

        Assert.Contains(problems, p => p.Contains("metric aiobs_watermark_delay_seconds is neither", StringComparison.Ordinal));
    }

    [Fact]
    public void KnownNames_ReflectTheExpositionAndDcgmFields()
    {
        Assert.Contains("aiobs_records_received_total", KnownNames.EngineMetrics);
        Assert.Contains("aiobs_checkpoint_age_seconds", KnownNames.EngineMetrics);
        Assert.Contains("DCGM_FI_DEV_POWER_USAGE", KnownNames.DcgmFieldNames);
        Assert.Contains("cost_forecast_7d_usd", KnownNames.RowMetrics);
    }

    private static HashSet<string> VariableNames(GrafanaDashboard dashboard) =>
        dashboard.Variables.Select(v => (string)v["name"]!).ToHashSet(StringComparer.Ordinal);
}
