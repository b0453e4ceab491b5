using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Anomaly;
using AiObsStream.Core.Events;
using AiObsStream.Core.Notifications;
using AiObsStream.Core.Rules;
using AiObsStream.Core.State;
using AiObsStream.Core.Windows;

namespace AiObsStream.Core.Tests.State;

/// <summary>
/// A miniature engine over the stateful components (aggregators, rule engine, anomaly engine, notifier, watermark
/// tracker) that records every output as exact bytes, so a run interrupted by SaveState / RestoreState can be compared
/// with an uninterrupted one bit for bit.
/// </summary>
internal sealed class StatePipeline
{
    public const int BatchSize = 250;
    public static readonly EventTimeOptions Windows = new()
    {
        Window = new WindowSpec(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(10)),
        AllowedDisorder = TimeSpan.FromSeconds(5),
        AllowedLateness = TimeSpan.FromSeconds(30),
    };

    public static readonly AnomalyOptions Anomaly = new() { Sr = new() { Threshold = 0.2, WindowSize = 32 } };
    public static readonly EventTimeOptions Buckets = new()
    {
        Window = new WindowSpec(Anomaly.Resolution),
        AllowedDisorder = TimeSpan.FromSeconds(5),
        AllowedLateness = TimeSpan.Zero,
    };

    private readonly WatermarkTracker _tracker = new(Windows.AllowedDisorder);
    private readonly WindowedAggregator _rows = new(Windows) { AttachSketches = new HashSet<string> { MetricNames.LatencyMs } };
    private readonly WindowedAggregator _buckets = new(Buckets, Anomaly.Metrics);
    private readonly RuleEngine _rules;
    private readonly AnomalyEngine _anomaly = new(Anomaly);
    private readonly AlertNotifier _notifier = new(new NotifierOptions { GroupWait = TimeSpan.FromSeconds(5), GroupInterval = TimeSpan.FromSeconds(20), KeepFiringFor = TimeSpan.FromSeconds(20) });
    private readonly int _input;

    public StatePipeline(RuleSet rules)
    {
        _rules = new RuleEngine(rules, Windows.Window);
        _input = _tracker.AddInput();
    }

    /// <summary>Every output so far, each as its exact bytes.</summary>
    public List<byte[]> Outputs { get; } = [];

    /// <summary>Alert events and notifications so far (to check that the trace exercises the rules and the notifier).</summary>
    public (int Alerts, int Firing, int Notifications) Counts { get; private set; }

    /// <summary>On-time rows so far (used to pick rule thresholds that fire on this trace).</summary>
    public List<MetricRow> OnTimeRows { get; } = [];

    public static int Batches(TelemetryEvent[] events) => (events.Length + BatchSize - 1) / BatchSize;

    /// <summary>Runs batches [from, to) and, when <paramref name="to"/> is the end, flushes everything.</summary>
    public void Run(TelemetryEvent[] events, int from, int to)
    {
        for (var b = from; b < to; b++)
        {
            var batch = events.AsSpan(b * BatchSize, Math.Min(BatchSize, events.Length - (b * BatchSize)));
            _rows.Process(batch);
            _buckets.Process(batch);
            if (_tracker.Observe(_input, batch[^1].TimeUnixMs))
            {
                Advance(_tracker.Watermark);
            }
        }

        if (to == Batches(events))
        {
            _tracker.Finish(_input);
            Advance(_tracker.Watermark);
        }
    }

    public void Save(BinaryWriter w)
    {
        _tracker.SaveState(w);
        _rows.SaveState(w);
        _buckets.SaveState(w);
        _rules.SaveState(w);
        _anomaly.SaveState(w);
        _notifier.SaveState(w);
    }

    public void Restore(BinaryReader r)
    {
        _tracker.RestoreState(r);
        _rows.RestoreState(r);
        _buckets.RestoreState(r);
        _rules.RestoreState(r);
        _anomaly.RestoreState(r);
        _notifier.RestoreState(r);
    }

    public byte[] SaveToBytes()
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream))
        {
            Save(w);
        }

        return stream.ToArray();
    }

    private void Advance(long watermark)
    {
        var rows = new List<MetricRow>();
        _rows.AdvanceWatermark(watermark, rows);
        var alerts = new List<AlertEvent>();
        foreach (var window in rows.Where(r => r.Kind == RowKind.OnTime).GroupBy(r => r.WindowStartMs).OrderBy(g => g.Key))
        {
            _rules.EvaluateWindow(window.Key, window.ToList(), alerts);
            OnTimeRows.AddRange(window);
        }

        var buckets = new List<MetricRow>();
        _buckets.AdvanceWatermark(watermark, buckets);
        foreach (var bucket in buckets.Where(r => r.Kind == RowKind.OnTime).GroupBy(r => r.WindowStartMs).OrderBy(g => g.Key))
        {
            _anomaly.EvaluateBucket(bucket.Key, bucket.ToList(), alerts);
        }

        var notes = new List<Notification>();
        foreach (var alert in alerts)
        {
            _notifier.OnAlert(alert, notes);
        }

        _notifier.AdvanceTo(watermark == long.MaxValue ? _notifier.NowMs + 3_600_000 : watermark, notes);
        Counts = (Counts.Alerts + alerts.Count, Counts.Firing + alerts.Count(a => a.Status == AlertStatus.Firing), Counts.Notifications + notes.Count);
        Record(rows, StateCodec.WriteRow);
        Record(buckets, StateCodec.WriteRow);
        Record(alerts, StateCodec.WriteAlert);
        Record(notes, WriteNotification);
        Outputs.Add(BitConverter.GetBytes(_rows.Duplicates + (_rows.Accepted << 20) + (_buckets.LateDropped << 40)));
    }

    private void Record<T>(List<T> items, Action<BinaryWriter, T> write)
    {
        foreach (var item in items)
        {
            using var stream = new MemoryStream();
            using (var w = new BinaryWriter(stream))
            {
                write(w, item);
            }

            Outputs.Add(stream.ToArray());
        }
    }

    private static void WriteNotification(BinaryWriter w, Notification n)
    {
        w.Write(n.GroupKey);
        w.Write((int)n.Status);
        w.Write((int)n.Reason);
        w.Write(n.TimeMs);
        foreach (var a in n.Alerts)
        {
            w.Write(a.IncidentId);
            w.Write($"{a.Rule}|{a.Status}|{a.Severity}|{a.StartsAtMs}|{a.EndsAtMs}|{a.Held}|{a.SuppressedChanges}");
            StateCodec.WriteAlert(w, a.Latest);
        }
    }
}
