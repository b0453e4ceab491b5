using System.Threading.Channels;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Notifications;
using AiObsStream.Core.Operators;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Versions;
using AiObsStream.Pipeline.Checkpoints;
using AiObsStream.Pipeline.Sinks;

namespace AiObsStream.Pipeline.Engine;

/// <summary>
/// The single consumer of results: aligns partition outputs per punctuation and runs the <see cref="OperatorGraph"/>
/// on each tick (version join, cost, ordering, the per-key fan-out, drift, incidents, notifications), then writes to
/// the sink.
/// </summary>
/// <remarks>
/// Every per-tick buffer is a field reused from tick to tick (sinks copy what they are given, they never keep a list),
/// so the stage's plumbing allocates nothing per tick once the buffers have grown.
/// </remarks>
internal sealed partial class OutputStage : IDisposable
{
    private static readonly Comparison<(long Time, int Index)> ByTimeThenIndex = static (a, b) =>
        a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Index.CompareTo(b.Index);

    private readonly EngineOptions _options;
    private readonly IOutputSink _sink;
    private readonly OperatorGraph _graph;
    private readonly RowListPool? _rowLists;
    private readonly Dictionary<long, Pending> _pending = []; // looked up by sequence number only; no node per tick
    private readonly Stack<Pending> _spare = new();
    private readonly int _partitions;
    private readonly EngineControl? _control;
    private readonly OperatorOutput _derived = new();
    private readonly OperatorOutput _drifted = new();
    private readonly RowSorter _sorter = new();
    private readonly List<MetricRow> _written = [];
    private readonly List<MetricRow> _onTime = [];
    private readonly List<MetricRow> _finals = [];
    private readonly List<MetricRow> _lateRows = [];
    private readonly List<(long Time, int Index)> _alertKeys = [];
    private readonly List<AlertEvent> _released = [];
    private readonly List<AlertEvent> _notices = [];
    private readonly List<IncidentEvent> _incidentEvents = [];
    private readonly List<Notification> _notes = [];
    private List<AlertEvent> _alerts = [];
    private List<AlertEvent> _alertsSorted = [];
    private long _next = 1;
    private long _restoredSeq;

    public OutputStage(EngineOptions options, IOutputSink sink, int partitions, EngineControl? control = null, RowListPool? rowLists = null)
    {
        _control = control;
        _options = options;
        _sink = sink;
        _partitions = partitions;
        _rowLists = rowLists;

        // The fan-out runs on as many threads as there are partitions (at most one per core): a run told to use one
        // partition uses one thread after aggregation too.
        _graph = new OperatorGraph(options, Math.Min(partitions, Environment.ProcessorCount), new RowWriter(sink));
    }

    /// <summary>The operators this stage runs.</summary>
    public OperatorGraph Graph => _graph;

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
                    _rowLists?.Return(r.Rows);
                    _rowLists?.Return(r.DetectionRows);
                    if (r.State is not null)
                    {
                        p.States ??= new byte[_partitions][];
                        p.States[r.Partition] = r.State;
                    }

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

                Recycle(ready);
                _next++;
            }
        }

        await _sink.FlushAsync(ct).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public void Dispose() => _graph.Dispose();

    private Pending Get(long seq)
    {
        if (!_pending.TryGetValue(seq, out var p))
        {
            _pending[seq] = p = _spare.Count > 0 ? _spare.Pop() : new Pending();
        }

        return p;
    }

    private void Recycle(Pending p)
    {
        p.Tick = null;
        p.Rows.Clear();
        p.DetectionRows.Clear();
        p.Partitions = 0;
        p.States = null;
        if (_spare.Count < 16)
        {
            _spare.Push(p);
        }
    }

    /// <summary>One tick through the graph, in the order <see cref="OperatorGraph.Nodes"/> declares.</summary>
    private void Process(Pending tick)
    {
        var rows = tick.Rows;
        rows.AddRange(tick.Tick!.Rows);
        var watermark = tick.Tick.Watermark;

        // version-join: every partition's rows vote, then GPU rows (and anomaly buckets) get their model version
        Resolve(rows);
        var detection = tick.DetectionRows;
        if (_graph.Anomaly is not null && detection.Count > 0)
        {
            _sorter.Sort(detection);
            Resolve(detection);
        }

        // cost: derived rows join the tick's rows before the ordering
        if (_graph.Cost is { } cost)
        {
            _derived.Clear();
            cost.Process(new OperatorInput(rows, watermark), _derived);
            rows.AddRange(_derived.Rows);
        }

        // order
        _sorter.Sort(rows);
        var finals = SplitByKind(rows);

        // fan-out: the rows go to the sinks while rules, spend, regression and anomaly read them; outputs merged in that order
        _graph.Feed(_graph.RowWriter, new OperatorInput(_written, watermark));
        var written = _written.Count;
        var onTime = new OperatorInput(_onTime, watermark);
        var final = new OperatorInput(finals, watermark);
        _graph.Feed(_graph.Rules, onTime);
        _graph.Feed(_graph.Spend, final);
        _graph.Feed(_graph.Regression, onTime);
        _graph.Feed(_graph.Anomaly, new OperatorInput(detection, watermark));
        _graph.Feed(_graph.Forecast, final);
        var fanOut = _graph.FanOut;
        fanOut.Run();
        _alerts.Clear();
        for (var i = 0; i < fanOut.Operators.Count; i++)
        {
            var output = fanOut.OutputOf(i);
            _alerts.AddRange(output.Alerts);
            _written.AddRange(output.Rows); // spend and load forecasts, after the tick's rows
        }

        if (_written.Count > written)
        {
            // rare (a spend bucket or a forecast hour closed): the forecasts follow the rows already written, as one list did before
            _lateRows.Clear();
            for (var i = written; i < _written.Count; i++)
            {
                _lateRows.Add(_written[i]);
            }

            _sink.WriteRows(_lateRows);
        }

        // drift: after the fan-out, whose firing alerts keep windows out of its baselines
        if (_graph.Drift is { } drift)
        {
            _drifted.Clear();
            drift.Process(new OperatorInput(_onTime, watermark, _alerts), _drifted);
            _alerts.AddRange(_drifted.Alerts);
        }

        // security: the caller monitor's alerts, computed from events in the sequencer, join before the time order
        if (tick.Tick.Alerts is { } security)
        {
            _alerts.AddRange(security);
        }

        SortAlertsByTime();

        // incidents: alerts are released once their window settled, carrying their incident id; the notifier sees one
        // pseudo-alert per incident instead of the raw alerts
        var alerts = _alerts;
        var toNotify = _alerts;
        _incidentEvents.Clear();
        if (_graph.Incidents is { } incidents)
        {
            _released.Clear();
            _notices.Clear();
            incidents.Process(_onTime, _graph.Regression?.NewRollouts ?? NoRollouts, _alerts, watermark, _released, _incidentEvents, _notices);
            alerts = _released;
            toNotify = _notices;
            RecordIncidents(_incidentEvents);
        }

        _sink.WriteAlerts(alerts);
        if (_incidentEvents.Count > 0)
        {
            _sink.WriteIncidents(_incidentEvents);
        }

        Notify(toNotify, watermark);
        RowsWritten += _written.Count;
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

        if (watermark != long.MaxValue)
        {
            _graph.Join.Prune(watermark - _options.EventTime.AllowedLatenessMs - _options.EventTime.Window.SizeMs);
        }
    }

    private static IReadOnlyList<RolloutEvent> NoRollouts { get; } = [];

    /// <summary>
    /// One pass over the ordered rows: the on-time rows (<see cref="_onTime"/>: all that rules, regression, drift and
    /// incidents read), the rows the sinks get (<see cref="_written"/>), and the final rows (returned: all that spend and
    /// forecasts read; <see cref="_written"/> itself under the default <c>--emit final</c>). Each keeps the output order,
    /// so an operator sees what it saw when it skipped the other kinds itself, without a pass over rows it never reads
    /// (#12: on a tick that closes windows, half the rows).
    /// </summary>
    private List<MetricRow> SplitByKind(List<MetricRow> rows)
    {
        _onTime.Clear();
        _written.Clear();
        _finals.Clear();
        var finalOnly = _options.MetricsEmit == MetricsEmitPolicy.Final;
        var finals = finalOnly ? _written : _finals;
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.IsOnTime)
            {
                _onTime.Add(row); // a merged final row too (WindowedAggregator.MergeOnTimeIntoFinal)
            }

            if (row.Kind == RowKind.Final)
            {
                finals.Add(row);
            }
            else if (!finalOnly)
            {
                _written.Add(row);
            }
        }

        return finals;
    }

    private void Resolve(List<MetricRow> rows)
    {
        _graph.Join.Observe(rows);
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i] = _graph.Join.Resolve(rows[i]);
        }
    }

    /// <summary>
    /// A stable sort of the tick's alerts by event time (ties keep the merge order), through reused buffers: the
    /// index breaks ties, so an unstable sort of (time, index) is stable on the alerts.
    /// </summary>
    private void SortAlertsByTime()
    {
        if (_alerts.Count < 2)
        {
            return;
        }

        _alertKeys.Clear();
        var sorted = true;
        for (var i = 0; i < _alerts.Count; i++)
        {
            _alertKeys.Add((_alerts[i].TimeGeneratedMs, i));
            sorted &= i == 0 || _alerts[i - 1].TimeGeneratedMs <= _alerts[i].TimeGeneratedMs;
        }

        if (sorted)
        {
            return;
        }

        _alertKeys.Sort(ByTimeThenIndex);
        _alertsSorted.Clear();
        foreach (var (_, index) in _alertKeys)
        {
            _alertsSorted.Add(_alerts[index]);
        }

        (_alerts, _alertsSorted) = (_alertsSorted, _alerts);
    }

    /// <summary>
    /// Feeds the tick's alerts to the notification layer in event-time order and advances its clock to the watermark;
    /// at the end of the input the clock moves past every pending wait so grouped and held notifications go out.
    /// </summary>
    private void Notify(List<AlertEvent> alerts, long watermark)
    {
        if (_graph.Notifier is not { } notifier)
        {
            return;
        }

        _notes.Clear();
        foreach (var alert in alerts)
        {
            notifier.OnAlert(alert, _notes);
        }

        var options = _options.Notifications!;
        var now = watermark != long.MaxValue ? watermark
            : notifier.NowMs == long.MinValue ? long.MinValue
            : notifier.NowMs + (long)(options.GroupWait + options.GroupInterval + options.KeepFiringFor).TotalMilliseconds + 1;
        if (now != long.MinValue)
        {
            notifier.AdvanceTo(now, _notes);
        }

        if (_notes.Count > 0)
        {
            AttachIncidents(_notes);
            _sink.WriteNotifications(_notes);
            Notifications += _notes.Count;
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
