using System.Threading.Channels;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Anomaly;
using AiObsStream.Core.Drift;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Notifications;
using AiObsStream.Core.Rules;
using AiObsStream.Pipeline.Checkpoints;
using AiObsStream.Core.Versions;
using AiObsStream.Pipeline.Sinks;

namespace AiObsStream.Pipeline.Engine;

/// <summary>
/// The single consumer of results: aligns partition outputs per punctuation, orders rows deterministically, resolves
/// GPU model versions, evaluates rules on on-time rows window by window, and writes to the sink.
/// </summary>
internal sealed partial class OutputStage
{
    private readonly EngineOptions _options;
    private readonly IOutputSink _sink;
    private readonly RuleEngine _rules;
    private readonly AnomalyEngine? _anomalies;
    private readonly AlertNotifier? _notifier;
    private readonly QualityDriftMonitor? _drift;
    private readonly VersionResolver _versions = new();
    private readonly CostStage? _cost;
    private readonly VersionRegressionEngine? _regression;
    private readonly IncidentCorrelator? _incidents;
    private readonly SortedDictionary<long, Pending> _pending = [];
    private readonly int _partitions;
    private readonly EngineControl? _control;
    private long _next = 1;
    private long _restoredSeq;

    public OutputStage(EngineOptions options, IOutputSink sink, int partitions, EngineControl? control = null)
    {
        _control = control;
        _options = options;
        _sink = sink;
        _partitions = partitions;
        _rules = new RuleEngine(options.Rules, options.EventTime.Window);
        _anomalies = options.Anomaly.Enabled ? new AnomalyEngine(options.Anomaly) : null;
        _notifier = options.Notifications is { } notifications ? new AlertNotifier(notifications) : null;
        _cost = options.Pricing.Enabled ? new CostStage(options) : null;
        _regression = options.Regression.Enabled ? new VersionRegressionEngine(options.Regression with
        {
            // cost per request from the price table (when pricing is on and nothing else was configured)
            CostOf = options.Regression.CostOf ?? (_cost is { } cost
                ? c => cost.Deriver.TokenCostUsd(c.Deployment, c.ModelName, c.ModelVersion, c.WindowStartMs, c.PromptTokens, c.CompletionTokens)
                : null),
        }, options.EventTime.Window.SizeMs) : null;
        _drift = options.Drift.Enabled ? new QualityDriftMonitor(options.Drift) : null;
        _incidents = options.Incidents.Enabled ? new IncidentCorrelator(options.Incidents, options.EventTime.Window.SizeMs) : null;
    }

    /// <summary>The cost hook (null when pricing is disabled).</summary>
    public CostStage? Cost => _cost;

    public long Notifications { get; private set; }

    public long AlertsFiring { get; private set; }

    public long AlertEvents { get; private set; }

    public long RowsWritten { get; private set; }

    public long DeadLetters { get; private set; }

    public List<AlertEvent> FiringAlerts { get; } = [];

    public async Task RunAsync(ChannelReader<OutputMessage> input, CancellationToken ct)
    {
        _next = Math.Max(_next, _restoredSeq + 1);
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
                    p.States ??= new byte[_partitions][];
                    p.States[r.Partition] = r.State!;
                    p.Partitions++;
                    break;
            }

            while (_pending.TryGetValue(_next, out var ready) && ready.Tick is not null && ready.Partitions == _partitions)
            {
                _pending.Remove(_next);
                if (ready.Tick.Barrier is { } barrier)
                {
                    await CompleteBarrierAsync(barrier, ready.States!, ct).ConfigureAwait(false);
                }
                else
                {
                    Process(ready);
                }

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

        _cost?.Derive(rows);
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

        _rules.AdvanceWatermark(tick.Tick.Watermark, alerts); // silent series resolve even when no later window has rows

        _cost?.Monitor(rows, tick.Tick.Watermark, alerts, written);
        var rolloutsBefore = _regression?.RolloutsLogged ?? 0;
        _regression?.Process(rows, alerts); // model-version regression verdict (on-time rows, versions resolved)
        EvaluateAnomalies(tick.DetectionRows, alerts);

        // Quality drift (issue #6): on-time rows by window, after the rules so their firing alerts exclude baseline windows.
        _drift?.ObserveRows(rows, alerts);

        if (alerts.Count > 1)
        {
            alerts = [.. alerts.OrderBy(a => a.TimeGeneratedMs)]; // stable: keeps the deterministic order within a time
        }

        // Incidents (issue #11): alerts are released once their window settled, carrying their incident id; the notifier
        // sees one pseudo-alert per incident instead of the raw alerts.
        var toNotify = alerts;
        var incidentEvents = new List<IncidentEvent>();
        if (_incidents is not null)
        {
            var released = new List<AlertEvent>(alerts.Count);
            toNotify = [];
            _incidents.Process(rows, NewRollouts(rolloutsBefore), alerts, tick.Tick.Watermark, released, incidentEvents, toNotify);
            alerts = released;
            RecordIncidents(incidentEvents);
        }

        _sink.WriteRows(written);
        _sink.WriteAlerts(alerts);
        if (incidentEvents.Count > 0)
        {
            _sink.WriteIncidents(incidentEvents);
        }

        Notify(toNotify, tick.Tick.Watermark);
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

    /// <summary>
    /// Feeds the tick's alerts to the notification layer in event-time order and advances its clock to the watermark;
    /// at the end of the input the clock moves past every pending wait so grouped and held notifications go out.
    /// </summary>
    private void Notify(List<AlertEvent> alerts, long watermark)
    {
        if (_notifier is null)
        {
            return;
        }

        var notes = new List<Notification>();
        foreach (var alert in alerts)
        {
            _notifier.OnAlert(alert, notes);
        }

        var options = _options.Notifications!;
        var now = watermark != long.MaxValue ? watermark
            : _notifier.NowMs == long.MinValue ? long.MinValue
            : _notifier.NowMs + (long)(options.GroupWait + options.GroupInterval + options.KeepFiringFor).TotalMilliseconds + 1;
        if (now != long.MinValue)
        {
            _notifier.AdvanceTo(now, notes);
        }

        if (notes.Count > 0)
        {
            AttachIncidents(notes);
            _sink.WriteNotifications(notes);
            Notifications += notes.Count;
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
        public byte[][]? States;
    }
}
