using System.Threading.Channels;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Anomaly;
using AiObsStream.Core.Rules;
using AiObsStream.Pipeline.Sinks;

namespace AiObsStream.Pipeline.Engine;

/// <summary>
/// The single consumer of results: aligns partition outputs per punctuation, orders rows deterministically, resolves
/// GPU model versions, evaluates rules on on-time rows window by window, and writes to the sink.
/// </summary>
internal sealed class OutputStage
{
    private readonly EngineOptions _options;
    private readonly IOutputSink _sink;
    private readonly RuleEngine _rules;
    private readonly AnomalyEngine? _anomalies;
    private readonly VersionResolver _versions = new();
    private readonly SortedDictionary<long, Pending> _pending = [];
    private readonly int _partitions;
    private long _next = 1;

    public OutputStage(EngineOptions options, IOutputSink sink, int partitions)
    {
        _options = options;
        _sink = sink;
        _partitions = partitions;
        _rules = new RuleEngine(options.Rules, options.EventTime.Window);
        _anomalies = options.Anomaly.Enabled ? new AnomalyEngine(options.Anomaly) : null;
    }

    public long AlertsFiring { get; private set; }

    public long AlertEvents { get; private set; }

    public long RowsWritten { get; private set; }

    public long DeadLetters { get; private set; }

    public List<AlertEvent> FiringAlerts { get; } = [];

    public async Task RunAsync(ChannelReader<OutputMessage> input, CancellationToken ct)
    {
        await foreach (var message in input.ReadAllAsync(ct).ConfigureAwait(false))
        {
            switch (message)
            {
                case DeadLetters d:
                    _sink.WriteDeadLetters(d.Items);
                    DeadLetters += d.Items.Count;
                    break;
                case SequencerTick t:
                    Get(t.Seq).Tick = t;
                    break;
                case PartitionRows r:
                    var p = Get(r.Seq);
                    p.Rows.AddRange(r.Rows);
                    p.DetectionRows.AddRange(r.DetectionRows);
                    p.Partitions++;
                    break;
            }

            while (_pending.TryGetValue(_next, out var ready) && ready.Tick is not null && ready.Partitions == _partitions)
            {
                _pending.Remove(_next);
                Process(ready);
                _next++;
            }
        }

        await _sink.FlushAsync(ct).ConfigureAwait(false);
    }

    private Pending Get(long seq)
    {
        if (!_pending.TryGetValue(seq, out var p))
        {
            _pending[seq] = p = new Pending();
        }

        return p;
    }

    private void Process(Pending tick)
    {
        var rows = tick.Rows;
        rows.AddRange(tick.Tick!.Rows);
        _versions.Observe(rows);
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i] = _versions.Resolve(rows[i]);
        }

        rows.Sort(RowOrder.Instance);
        var alerts = new List<AlertEvent>();
        var windowRows = new List<MetricRow>();
        var written = new List<MetricRow>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.Kind == RowKind.OnTime)
            {
                if (windowRows.Count > 0 && windowRows[0].WindowStartMs != row.WindowStartMs)
                {
                    _rules.EvaluateWindow(windowRows[0].WindowStartMs, windowRows, alerts);
                    windowRows.Clear();
                }

                windowRows.Add(row);
            }

            if (_options.MetricsEmit == MetricsEmitPolicy.Final ? row.Kind == RowKind.Final : row.Kind != RowKind.Final)
            {
                written.Add(row);
            }
        }

        if (windowRows.Count > 0)
        {
            _rules.EvaluateWindow(windowRows[0].WindowStartMs, windowRows, alerts);
        }

        EvaluateAnomalies(tick.DetectionRows, alerts);
        if (alerts.Count > 1)
        {
            alerts = [.. alerts.OrderBy(a => a.TimeGeneratedMs)]; // stable: keeps the deterministic order within a time
        }

        _sink.WriteRows(written);
        _sink.WriteAlerts(alerts);
        RowsWritten += written.Count;
        AlertEvents += alerts.Count;
        foreach (var a in alerts)
        {
            if (a.Status == AlertStatus.Firing)
            {
                AlertsFiring++;
                if (FiringAlerts.Count < 10_000)
                {
                    FiringAlerts.Add(a); // kept for the console summary; bounded for long live runs
                }
            }
        }

        if (tick.Tick.Watermark != long.MaxValue)
        {
            _versions.Prune(tick.Tick.Watermark - _options.EventTime.AllowedLatenessMs - _options.EventTime.Window.SizeMs);
        }
    }

    private void EvaluateAnomalies(List<MetricRow> rows, List<AlertEvent> alerts)
    {
        if (_anomalies is null || rows.Count == 0)
        {
            return;
        }

        rows.Sort(RowOrder.Instance);
        _versions.Observe(rows);
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i] = _versions.Resolve(rows[i]);
        }

        var start = 0;
        for (var i = 1; i <= rows.Count; i++)
        {
            if (i == rows.Count || rows[i].WindowStartMs != rows[start].WindowStartMs)
            {
                _anomalies.EvaluateBucket(rows[start].WindowStartMs, rows.GetRange(start, i - start), alerts);
                start = i;
            }
        }
    }

    private sealed class Pending
    {
        public SequencerTick? Tick;
        public List<MetricRow> Rows { get; } = [];
        public List<MetricRow> DetectionRows { get; } = [];
        public int Partitions;
    }
}
