namespace AiObsStream.Cli.Tests.Deploy.Grafana;

/// <summary>The checkers behind <see cref="GrafanaDashboardTests"/> on small inputs, including what they must reject.</summary>
public class DashboardCheckerTests
{
    private static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> Tables = BicepTables.Parse("""
        var metricsColumns = [
          { name: 'TimeGenerated', type: 'datetime' }
          { name: 'Metric', type: 'string' }
          { name: 'P95', type: 'real' }
          { name: 'Count', type: 'long' }
          { name: 'Evidence', type: 'dynamic' }
        ]

        resource t 'x' = {
          properties: {
            schema: { name: 'Metrics_CL', columns: metricsColumns }
          }
        }
        """);

    private static readonly HashSet<string> Metrics = new(StringComparer.Ordinal) { "latency_ms" };

    [Fact]
    public void BicepTables_Parse_BindsColumnListsToTables()
    {
        Assert.Equal(["Count", "Evidence", "Metric", "P95", "TimeGenerated"], Tables["Metrics_CL"].Order(StringComparer.Ordinal));
    }

    [Fact]
    public void BicepTables_TableNamingAnUndeclaredList_Throws()
    {
        Assert.Throws<InvalidDataException>(() => BicepTables.Parse("schema: { name: 'X_CL', columns: missingColumns }"));
    }

    [Fact]
    public void Kql_ColumnsAliasesAndMacros_Pass()
    {
        const string query = """
            Metrics_CL // a comment naming Nothing
            | where $__timeFilter(TimeGenerated) and Metric == "latency_ms" and Evidence.Whatever > 1
            | summarize P95 = max(P95), Requests = sum(Count) by bin(TimeGenerated, $__interval)
            | extend Ratio = P95 / Requests
            | project TimeGenerated, Ratio, Label = "Unknown words in Strings"
            """;

        Assert.Empty(KqlChecker.Check(query, Tables, Metrics));
    }

    [Fact]
    public void Kql_RenamedColumn_IsReported()
    {
        var problems = KqlChecker.Check("Metrics_CL | summarize P99 = max(P99)", Tables, Metrics);

        Assert.Equal(["column P99 is neither in Metrics_CL (main.bicep) nor defined earlier in the query"], problems);
    }

    [Fact]
    public void Kql_AliasOfTheOldName_DoesNotHideARenamedColumn()
    {
        // P90 = max(P90): the alias is defined by this stage, so the P90 inside max() must be a column.
        Assert.Single(KqlChecker.Check("Metrics_CL | summarize P90 = max(P90) | project P90", Tables, Metrics));
    }

    [Fact]
    public void Kql_UnknownTable_IsReported()
    {
        Assert.Contains("table Other_CL is not declared in main.bicep", KqlChecker.Check("Other_CL | take 1", Tables, Metrics));
        Assert.Contains("the query reads none of the tables main.bicep declares", KqlChecker.Check("print Value = 1", Tables, Metrics));
    }

    [Fact]
    public void Kql_JoinCopyOfAColumn_Passes()
    {
        Assert.Empty(KqlChecker.Check("Metrics_CL | join (Metrics_CL) on Metric | project T = coalesce(TimeGenerated, TimeGenerated1)", Tables, Metrics));
    }

    [Fact]
    public void Kql_UnknownMetricName_IsReported()
    {
        var problems = KqlChecker.Check("""Metrics_CL | where Metric in ("latency_ms", "latency_p95") or Metric == "gpu""", Tables, Metrics);

        Assert.Equal(["metric \"latency_p95\" is not a metric the engine writes", "metric \"gpu\" is not a metric the engine writes"], problems);
    }

    [Fact]
    public void PromQl_SkipsLabelsRangesStringsAndVariables()
    {
        var (metrics, functions) = PromQlChecker.Names(
            """sum by (aiobs_input) (rate(aiobs_records_received_total{instance=~"$instance", x="a b"}[$__rate_interval])) / on(job) group_left(pod) up offset 5m > bool 0.5""");

        Assert.Equal(["aiobs_records_received_total", "up"], metrics);
        Assert.Equal(["sum", "rate"], functions);
    }

    [Fact]
    public void PromQl_LabelReplaceArguments_AreStrings()
    {
        Assert.Equal(["DCGM_FI_DEV_GPU_UTIL"], PromQlChecker.Names("""label_replace(DCGM_FI_DEV_GPU_UTIL{pod!=""}, "deployment", "$1", "pod", "(.+)-x")""").Metrics);
    }

    [Fact]
    public void PromQl_GrafanaVariableFunctions_AreUnwrapped()
    {
        Assert.Equal("DCGM_FI_DEV_GPU_UTIL{Hostname=~\"$host\"}", PromQlChecker.Unwrap("label_values(DCGM_FI_DEV_GPU_UTIL{Hostname=~\"$host\"}, gpu)"));
        Assert.Equal(string.Empty, PromQlChecker.Unwrap("label_values(Hostname)"));
        Assert.Equal("count(up)", PromQlChecker.Unwrap("query_result(count(up))"));
    }

    [Fact]
    public void PromQl_UnknownMetricAndFunction_AreReported()
    {
        var known = new HashSet<string>(StringComparer.Ordinal) { "aiobs_incidents_open" };

        Assert.Empty(PromQlChecker.Check("sum(aiobs_incidents_open)", known));
        Assert.Equal(
            ["unknown PromQL function summ", "metric aiobs_incident_open is neither exported by the engine nor a DCGM field it maps"],
            PromQlChecker.Check("summ(aiobs_incident_open)", known));
        Assert.Equal(["the expression selects no metric"], PromQlChecker.Check("vector(1)", known));
    }

    [Fact]
    public void Structure_BrokenDashboard_EveryProblemReported()
    {
        var dashboard = GrafanaDashboard.Parse("broken.json", """
            {
              "uid": "u", "title": "t", "schemaVersion": 30,
              "templating": { "list": [ { "name": "ds", "type": "datasource", "query": "prometheus" } ] },
              "panels": [
                { "id": 1, "type": "timeseries", "title": "a", "gridPos": { "h": 8, "w": 12, "x": 18, "y": 0 },
                  "datasource": { "type": "prometheus", "uid": "${ds}" }, "targets": [ { "refId": "A", "expr": "up{job=\"$job\"}" } ] },
                { "id": 1, "type": "timeseries", "title": "b",
                  "datasource": { "type": "prometheus", "uid": "P1809F7CD0C75ACF3" }, "targets": [ { "refId": "A", "expr": "up" } ] }
              ]
            }
            """);

        Assert.Equal(
        [
            "schemaVersion missing or older than 36 (Grafana 9)",
            "panel \"a\": gridPos h=8 w=12 x=18 y=0 is outside the 24-column grid",
            "panel \"b\": id missing or not unique",
            "panel \"b\": gridPos missing or without integer h, w, x, y",
            "b: data source uid \"P1809F7CD0C75ACF3\" is not a datasource variable (${name})",
            "variable $job is referenced but not defined",
        ], dashboard.StructureProblems());
    }
}
