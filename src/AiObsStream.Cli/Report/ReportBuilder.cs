namespace AiObsStream.Cli.Report;

/// <summary>
/// Builds the <see cref="ReportModel"/> of an output folder: one streaming pass over metrics.jsonl (rows routed to the
/// charts of their section by metric name and statistic), then incidents, alerts, notifications and dead letters. Memory
/// is bounded by charts × lines × <see cref="TimeSeries.DefaultMaxPoints"/>, plus one small record per GPU, input,
/// incident and deployment hour, never by the number of rows.
/// </summary>
internal sealed partial class ReportBuilder
{
    /// <summary>Charts per section kind are named "{section}/{key}"; these are the section ids of the page.</summary>
    public const string Deployments = "deployments";
    public const string Gpus = "gpus";
    public const string Cost = "cost";
    public const string Quality = "quality";
    public const string Ingestion = "ingestion";

    private readonly string _dir;
    private readonly ReportOptions _options;
    private readonly ReportInputs _inputs = new();
    private readonly List<ChartData> _charts = [];
    private readonly Dictionary<string, ChartData> _byId = new(StringComparer.Ordinal);
    private readonly List<(string, string)> _notes = [];
    private readonly List<TableData> _tables = [];
    private long _first = long.MaxValue;
    private long _last = long.MinValue;
    private long _rows;

    private ReportBuilder(string dir, ReportOptions options)
    {
        _dir = dir;
        _options = options;
    }

    /// <summary>Reads the output folder (files that are missing count as empty; the report names them).</summary>
    public static ReportModel Build(string outDir, ReportOptions? options = null)
    {
        if (!Directory.Exists(outDir))
        {
            throw new DirectoryNotFoundException($"--from {outDir}: no such folder");
        }

        return new ReportBuilder(outDir, options ?? ReportOptions.None).Run();
    }

    private ReportModel Run()
    {
        foreach (var row in MetricsFile.ReadFinal(Path.Combine(_dir, "metrics.jsonl"), _inputs))
        {
            _rows++;
            _first = Math.Min(_first, row.WindowStartMs);
            _last = Math.Max(_last, row.WindowEndMs);
            AddDeploymentRow(row);
            AddGpuRow(row);
            AddCostRow(row);
            AddQualityRow(row);
            AddIngestionRow(row);
            AddTeamRow(row);
            AddEfficiencyRow(row);
            AddLatenessRow(row);
            AddForecastRow(row);
        }

        var incidents = ReadIncidents();
        var alertsRaised = ReadAlerts(incidents);
        var notifications = ReadNotifications(incidents);
        var deadLetters = ReadDeadLetters();

        FinishDeployments(incidents.Values);
        FinishQuota();
        FinishGpus();
        FinishEfficiency();
        FinishCost();
        FinishTeams();
        FinishQuality();
        FinishIngestion();
        FinishLateness();
        FinishForecast();

        var totals = new ReportTotals
        {
            FirstMs = _rows > 0 ? _first : -1,
            LastMs = _rows > 0 ? _last : -1,
            Records = (long)_ingest.Values.Sum(i => i.Records),
            Rejected = (long)_ingest.Values.Sum(i => i.Rejected),
            Inputs = _ingest.Count,
            DeadLetters = deadLetters,
            Deployments = [.. _deploymentNames.Order(StringComparer.Ordinal)],
            Gpus = _gpus.Count,
            AlertsRaised = alertsRaised,
            Notifications = notifications,
            SpendUsd = _spendRows > 0 ? _spend : double.NaN,
            MetricRows = _rows,
        };

        return new ReportModel
        {
            OutDir = _dir,
            Charts = [.. _charts.Where(c => c.HasData)],
            Notes = _notes,
            Incidents = [.. incidents.Values.OrderBy(i => i.OpenedMs).ThenBy(i => i.Id, StringComparer.Ordinal)],
            Totals = totals,
            Tables = _tables,
            Inputs = _inputs,
        };
    }

    /// <summary>The chart of that id, created (in page order) on first use.</summary>
    private ChartData Chart(string id, string section, string group, string title, string unit, double scale = 1)
    {
        if (!_byId.TryGetValue(id, out var chart))
        {
            chart = new ChartData(id, section, group, title, unit) { Scale = scale };
            _byId[id] = chart;
            _charts.Add(chart);
        }

        return chart;
    }

    private void Note(string section, string note) => _notes.Add((section, note));

    private static bool IsSet(double v) => double.IsFinite(v);
}
