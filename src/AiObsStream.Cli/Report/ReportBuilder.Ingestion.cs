namespace AiObsStream.Cli.Report;

/// <summary>Ingestion per input: records and rejects per window (ingest_records / ingest_rejected), dead letters by reason.</summary>
internal sealed partial class ReportBuilder
{
    private readonly Dictionary<string, InputStats> _ingest = new(StringComparer.Ordinal);

    private void AddIngestionRow(MetricRow row)
    {
        var records = string.Equals(row.Metric, "ingest_records", StringComparison.Ordinal);
        if (!records && !string.Equals(row.Metric, "ingest_rejected", StringComparison.Ordinal))
        {
            return;
        }

        var input = row.Resource.Length > 0 ? row.Resource : "(" + row.Source + ")";
        if (!_ingest.TryGetValue(input, out var stats))
        {
            stats = new InputStats(row.Source);
            _ingest[input] = stats;
        }

        var name = InputName(input);
        var sum = IsSet(row.Sum) ? row.Sum : 0;
        if (records)
        {
            stats.Records += sum;
            Chart($"{Ingestion}/records", Ingestion, "records", "Records read per input per window", "records").Line(name, Merge.Sum).Add(row.WindowStartMs, row.Sum);
        }
        else
        {
            stats.Rejected += sum;
            Chart($"{Ingestion}/rejected", Ingestion, "rejected", "Rejected share per input per window", "%", 100).Line(name, Merge.Mean).Add(row.WindowStartMs, row.Share);
        }
    }

    internal static string InputName(string path) => Path.GetFileName(path) is { Length: > 0 } n ? n : path;

    private void FinishIngestion()
    {
        if (_ingest.Count == 0)
        {
            Note(Ingestion, "No ingestion rows (ingest_records) in metrics.jsonl: no ingestion charts.");
            return;
        }

        if (_ingest.Values.All(i => i.Rejected == 0) && _byId.TryGetValue($"{Ingestion}/rejected", out var rejected))
        {
            _charts.Remove(rejected);
            Note(Ingestion, "No record was rejected (every ingest_rejected row is 0): no rejects chart.");
        }

        var reasons = _ingest.Values.SelectMany(i => i.DeadLetters.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        _tables.Add(new TableData("ingest-table", Ingestion, "Ingestion per input (dead letters by reason; late = beyond the allowed lateness)",
            ["input", "source", "records", "rejected", .. reasons.Select(r => "dead: " + r)],
            [.. _ingest.OrderBy(i => i.Key, StringComparer.Ordinal).Select(i => (IReadOnlyList<string>)
            [
                InputName(i.Key), i.Value.Source, Format.Number(i.Value.Records), Format.Number(i.Value.Rejected),
                .. reasons.Select(r => Format.Count(i.Value.DeadLetters.GetValueOrDefault(r))),
            ])]));
    }

    /// <summary>Adds a dead letter to its input (an input with no metric rows gets its own line).</summary>
    private void AddDeadLetter(string input, string reason)
    {
        var key = input.Length > 0 ? input : "(unknown input)";
        if (!_ingest.TryGetValue(key, out var stats))
        {
            stats = new InputStats(string.Empty);
            _ingest[key] = stats;
        }

        var r = reason.Length > 0 ? reason : "unknown";
        stats.DeadLetters[r] = stats.DeadLetters.GetValueOrDefault(r) + 1;
    }

    private sealed class InputStats(string source)
    {
        public string Source { get; } = source;

        public double Records { get; set; }

        public double Rejected { get; set; }

        public Dictionary<string, long> DeadLetters { get; } = new(StringComparer.Ordinal);
    }
}
