namespace AiObsStream.Cli.Report;

/// <summary>Everything the HTML page shows, read from one output folder.</summary>
internal sealed class ReportModel
{
    public required string OutDir { get; init; }

    public required IReadOnlyList<ChartData> Charts { get; init; }

    /// <summary>Charts left out because they would have been empty, with why (shown as notes, never as empty charts).</summary>
    public required IReadOnlyList<(string Section, string Note)> Notes { get; init; }

    public required IReadOnlyList<IncidentInfo> Incidents { get; init; }

    public required ReportTotals Totals { get; init; }

    public required IReadOnlyList<TableData> Tables { get; init; }

    public required ReportInputs Inputs { get; init; }
}

/// <summary>A table of the report (GPU fleet, spend per day, ingestion per input, drift and regression alerts).</summary>
internal sealed record TableData(string Id, string Section, string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows, string Note = "");

/// <summary>The run's totals that the summary paragraph states (each read from the output files, nothing estimated).</summary>
internal sealed record ReportTotals
{
    /// <summary>First window start (Unix ms), -1 without metric rows.</summary>
    public long FirstMs { get; init; } = -1;

    /// <summary>Last window end (Unix ms), -1 without metric rows.</summary>
    public long LastMs { get; init; } = -1;

    /// <summary>Sum of <c>ingest_records</c> Sum: records read.</summary>
    public long Records { get; init; }

    /// <summary>Sum of <c>ingest_rejected</c> Sum.</summary>
    public long Rejected { get; init; }

    public int Inputs { get; init; }

    public long DeadLetters { get; init; }

    public IReadOnlyList<string> Deployments { get; init; } = [];

    public int Gpus { get; init; }

    /// <summary>Distinct alerts that fired (alerts.jsonl rows with Status Firing, by AlertId).</summary>
    public int AlertsRaised { get; init; }

    public long Notifications { get; init; }

    /// <summary>Sum of <c>cost_usd</c> Sum (the bill: one row per call, see README "Cost"); NaN without cost rows.</summary>
    public double SpendUsd { get; init; } = double.NaN;

    public long MetricRows { get; init; }
}
