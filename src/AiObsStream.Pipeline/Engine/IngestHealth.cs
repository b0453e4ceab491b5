using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Windows;

namespace AiObsStream.Pipeline.Engine;

/// <summary>
/// Ingestion health per input: <c>ingest_records</c> (Count = records accepted) and <c>ingest_rejected</c> (Count =
/// records + rejects seen, Sum = rejected, Share = rejected / seen) per hop-sized window, attributed by <em>event time</em>
/// (never by the batch that carried them), written once the window is final.
/// </summary>
/// <remarks>
/// <para>Rows exist only for windows in which the input had records or rejects, plus, for silence:</para>
/// <list type="bullet">
/// <item><term>Replay (file inputs)</term><description>an input is silent only when its own event-time stream has a gap
/// of at least <see cref="SilentWindows"/> empty windows between two windows with data (the <c>ingestion-silence</c>
/// rule's sustain). Exactly that many <c>ingest_records</c> rows with Count 0 are written for such a gap, so the rule
/// fires once; the time before an input's first record, after its last one, and between inputs whose records are far
/// apart is never silence and never materialised.</description></item>
/// <item><term>Live (scrape, Kafka)</term><description>an input is silent when nothing arrived (arrival / processing
/// time, from <see cref="EngineOptions.Clock"/>) for <see cref="SilentWindows"/> windows: its open windows are reported,
/// then that many Count-0 rows follow its last window, and one more per window of processing time while the silence
/// lasts (so the alert keeps firing until records arrive again).</description></item>
/// </list>
/// <para>Rejects without a usable event time (unparseable units, late or too-far-ahead records) count in the window of
/// the input's newest accepted event time. A window, once reported, is never reported again: records that would land in
/// it count in the next one. Memory: the open windows of each input (those not yet final), bounded by data.</para>
/// </remarks>
internal sealed partial class IngestHealth
{
    private readonly long _hopMs;
    private readonly long _latenessMs;
    private readonly List<InputIngest> _inputs = [];

    public IngestHealth(EngineOptions options)
    {
        _hopMs = options.EventTime.Window.HopMs;
        _latenessMs = options.EventTime.AllowedLatenessMs;
        SilentWindows = SilenceWindows(options);
    }

    /// <summary>Empty windows that make a silence: the longest sustain of the enabled rules on <c>ingest_records</c> (at least 1).</summary>
    public int SilentWindows { get; }

    public void AddInput(bool live) => _inputs.Add(new InputIngest { Live = live });

    /// <summary>Counts one accepted record of <paramref name="input"/> at event time <paramref name="timeMs"/>.</summary>
    public void Accepted(int input, long timeMs)
    {
        var s = _inputs[input];
        var start = WindowSpec.FloorDiv(timeMs, _hopMs) * _hopMs;
        if (start != s.CachedStart || s.Cached is null)
        {
            s.Cached = s.Window(Math.Max(start, s.ReportedThrough == long.MinValue ? start : s.ReportedThrough + _hopMs));
            s.CachedStart = start;
        }

        s.Cached.Accepted++;
        s.NewestMs = Math.Max(s.NewestMs, timeMs);
    }

    /// <summary>Counts <paramref name="n"/> rejects of <paramref name="input"/> that carry no usable event time.</summary>
    public void Rejected(int input, long n)
    {
        var s = _inputs[input];
        if (s.NewestMs == long.MinValue)
        {
            s.PendingRejects += n; // attributed to the first window that has data
            return;
        }

        var start = WindowSpec.FloorDiv(s.NewestMs, _hopMs) * _hopMs;
        s.Window(Math.Max(start, s.ReportedThrough == long.MinValue ? start : s.ReportedThrough + _hopMs)).Rejected += n;
    }

    /// <summary>A live input delivered records at <paramref name="nowMs"/> (processing time).</summary>
    public void Arrived(int input, long nowMs)
    {
        var s = _inputs[input];
        s.LastArrivalMs = nowMs;
        s.SilentRows = 0;
    }

    /// <summary>Whether a live input's silence rows are due at <paramref name="nowMs"/> (cheap: no rows are built).</summary>
    public bool SilenceDue(long nowMs, IReadOnlyList<InputStats> stats)
    {
        for (var i = 0; i < _inputs.Count; i++)
        {
            var s = _inputs[i];
            if (s.Live && !stats[i].Finished && stats[i].Source is not null && s.LastArrivalMs != long.MinValue
                && (s.NewestMs != long.MinValue || s.ReportedThrough != long.MinValue)
                && (nowMs - s.LastArrivalMs) / _hopMs > s.SilentRows && nowMs - s.LastArrivalMs >= SilentWindows * _hopMs)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Rows for every window final at <paramref name="watermark"/> (long.MaxValue: the end, everything), plus silence
    /// rows (see the remarks), in input order then window order.
    /// </summary>
    public List<MetricRow> Rows(long watermark, long nowMs, IReadOnlyList<InputStats> stats)
    {
        var rows = new List<MetricRow>();
        var finalCut = watermark == long.MaxValue ? long.MaxValue : watermark - _latenessMs;
        for (var i = 0; i < _inputs.Count; i++)
        {
            var s = _inputs[i];
            if (stats[i].Source is not { } source)
            {
                continue;
            }

            var dims = DimsPool.Shared.Intern(new DimsKey(source, string.Empty, string.Empty, string.Empty,
                string.Empty, stats[i].Name, string.Empty, string.Empty));
            var silent = s.Live && !stats[i].Finished && s.LastArrivalMs != long.MinValue
                && nowMs - s.LastArrivalMs >= SilentWindows * _hopMs;
            Report(s, silent ? long.MaxValue : finalCut, dims, rows);
            if (silent)
            {
                LiveSilence(s, nowMs, dims, rows);
            }
        }

        return rows;
    }

    private void Report(InputIngest s, long finalCut, SeriesDims dims, List<MetricRow> rows)
    {
        if (s.Open.Count == 0)
        {
            return;
        }

        var ready = new List<long>();
        foreach (var start in s.Open.Keys)
        {
            if (finalCut == long.MaxValue || start + _hopMs <= finalCut)
            {
                ready.Add(start);
            }
        }

        ready.Sort();
        foreach (var start in ready)
        {
            s.Open.Remove(start, out var counts);
            if (s.PendingRejects > 0)
            {
                counts!.Rejected += s.PendingRejects;
                s.PendingRejects = 0;
            }

            var gap = s.LastDataWindow == long.MinValue ? 0 : ((start - s.LastDataWindow) / _hopMs) - 1;
            if (!s.Live && gap >= SilentWindows)
            {
                for (var k = 1; k <= SilentWindows; k++)
                {
                    AddBoth(rows, Row(s.LastDataWindow + (k * _hopMs), DefaultRules.IngestRecords, dims, 0, 0, double.NaN));
                }
            }

            var seen = counts!.Accepted + counts.Rejected;
            AddBoth(rows, Row(start, DefaultRules.IngestRecords, dims, counts.Accepted, counts.Accepted, double.NaN));
            AddBoth(rows, Row(start, DefaultRules.IngestRejected, dims, seen, counts.Rejected, seen > 0 ? (double)counts.Rejected / seen : 0));
            s.LastDataWindow = start;
            s.ReportedThrough = Math.Max(s.ReportedThrough, start);
        }

        s.Cached = null;
    }

    private void LiveSilence(InputIngest s, long nowMs, SeriesDims dims, List<MetricRow> rows)
    {
        if (s.ReportedThrough == long.MinValue && s.NewestMs == long.MinValue)
        {
            return; // never had a record: nothing to be silent after
        }

        var due = (int)Math.Min(int.MaxValue, (nowMs - s.LastArrivalMs) / _hopMs);
        var from = s.ReportedThrough == long.MinValue ? WindowSpec.FloorDiv(s.NewestMs, _hopMs) * _hopMs : s.ReportedThrough;

        while (s.SilentRows < due)
        {
            // The first silence reports the whole threshold at once; afterwards one row per window of processing time.
            var count = s.SilentRows == 0 ? SilentWindows : 1;
            for (var k = 0; k < count; k++)
            {
                from += _hopMs;
                AddBoth(rows, Row(from, DefaultRules.IngestRecords, dims, 0, 0, double.NaN));
            }

            s.SilentRows += count;
            s.ReportedThrough = from;
        }
    }

    private static int SilenceWindows(EngineOptions options)
    {
        var windows = 1;
        foreach (var rule in options.Rules.Rules)
        {
            if (rule.Enabled && rule.Metric == DefaultRules.IngestRecords)
            {
                windows = Math.Max(windows, (int)Math.Min(10_080, Math.Ceiling(rule.Sustain.TotalMilliseconds / options.EventTime.Window.SizeMs)));
            }
        }

        return windows;
    }

    /// <summary>An ingestion-health row is final when written: it goes out as on-time (for rules) and final (for sinks).</summary>
    internal static void AddBoth(List<MetricRow> rows, MetricRow row)
    {
        rows.Add(row);
        rows.Add(row with { Kind = RowKind.Final });
    }

    /// <summary>A count row of the engine's own health metrics (no percentiles, no model version).</summary>
    internal static MetricRow Row(long start, long size, string metric, SeriesDims dims, long count, double sum, double share) => new()
    {
        WindowStartMs = start,
        WindowEndMs = start + size,
        Metric = metric,
        Dims = dims,
        ModelVersion = string.Empty,
        Count = count,
        Sum = sum,
        Min = double.NaN,
        Max = double.NaN,
        Mean = double.NaN,
        Share = share,
        Kind = RowKind.OnTime,
    };

    private MetricRow Row(long start, string metric, SeriesDims dims, long count, double sum, double share) =>
        Row(start, _hopMs, metric, dims, count, sum, share);

    private sealed class Counts
    {
        public long Accepted;
        public long Rejected;
    }

    private sealed class InputIngest
    {
        public readonly Dictionary<long, Counts> Open = [];
        public bool Live;
        public long ReportedThrough = long.MinValue;
        public long LastDataWindow = long.MinValue;
        public long NewestMs = long.MinValue;
        public long PendingRejects;
        public long LastArrivalMs = long.MinValue;
        public int SilentRows;
        public long CachedStart = long.MinValue;
        public Counts? Cached;

        public Counts Window(long start)
        {
            if (!Open.TryGetValue(start, out var c))
            {
                Open[start] = c = new Counts();
            }

            return c;
        }
    }
}
