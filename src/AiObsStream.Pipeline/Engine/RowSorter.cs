using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Operators;
using AiObsStream.Core.State;

namespace AiObsStream.Pipeline.Engine;

/// <summary>
/// Sorts a tick's rows into <see cref="RowOrder"/> without comparing strings per comparison: the metric names and series
/// dimensions are ranked first (<see cref="OrdinalRanks{T}"/>, kept across ticks, so in steady state one hash lookup
/// per row and value), then 24-byte keys of integers are sorted.
/// </summary>
/// <remarks>
/// Rows equal under <see cref="RowOrder"/> keep their input order (the key ends with the input position), a
/// deterministic choice where <see cref="List{T}.Sort(IComparer{T})"/> was not. Input already in order is left as it
/// is. Every buffer is a field reused from tick to tick. Not thread-safe: one per output stage.
/// </remarks>
internal sealed class RowSorter
{
    private readonly OrdinalRanks<string> _metrics = new(StringComparer.Ordinal, StringComparer.Ordinal);
    private readonly OrdinalRanks<SeriesDims> _dims = new(SeriesDimsOrder.Instance);
    private Key[] _keys = [];
    private MetricRow[] _copy = [];

    /// <summary>Sorts <paramref name="rows"/> in place into <see cref="RowOrder"/>.</summary>
    public void Sort(List<MetricRow> rows)
    {
        var n = rows.Count;
        if (n < 2)
        {
            return;
        }

        if (_keys.Length < n)
        {
            _keys = new Key[Math.Max(n, _keys.Length * 2)];
            _copy = new MetricRow[_keys.Length];
        }

        _metrics.BeginBatch();
        _dims.BeginBatch();
        for (var i = 0; i < n; i++)
        {
            var row = rows[i];
            if ((uint)row.Revision > Key.MaxRevision || (byte)row.Kind > 3)
            {
                rows.Sort(RowOrder.Instance); // out of the packed key's range (not produced by the engine): the comparer
                return;
            }

            _copy[i] = row;
            _keys[i] = new Key(row.WindowStartMs, _metrics.Find(row.Metric), _dims.Find(row.Dims), row.Kind, row.Revision, i);
        }

        var renumbered = _metrics.Renumber() | _dims.Renumber(); // both: each table must rank its new values
        var sorted = true;
        for (var i = 0; i < n; i++)
        {
            if (renumbered)
            {
                var row = _copy[i];
                _keys[i] = new Key(row.WindowStartMs, _metrics.RankOf(row.Metric), _dims.RankOf(row.Dims), row.Kind, row.Revision, i);
            }

            sorted &= i == 0 || _keys[i - 1].CompareTo(_keys[i]) <= 0;
        }

        if (!sorted)
        {
            Array.Sort(_keys, 0, n);
            for (var i = 0; i < n; i++)
            {
                rows[i] = _copy[_keys[i].Index];
            }
        }

        Array.Clear(_copy, 0, n); // the scratch must not keep the tick's rows (and their sketches) alive until the next tick
    }

    /// <summary>The fields of <see cref="RowOrder"/> as integers (kind and revision packed in one), then the input position.</summary>
    private readonly struct Key(long windowStartMs, int metric, int dims, RowKind kind, int revision, int index) : IComparable<Key>
    {
        public const uint MaxRevision = (1u << 29) - 1;

        private readonly long _windowStartMs = windowStartMs;
        private readonly int _metric = metric;
        private readonly int _dims = dims;
        private readonly int _kindRevision = ((int)kind << 29) | revision;

        public int Index { get; } = index;

        public int CompareTo(Key other)
        {
            var c = _windowStartMs.CompareTo(other._windowStartMs);
            c = c != 0 ? c : _metric.CompareTo(other._metric);
            c = c != 0 ? c : _dims.CompareTo(other._dims);
            c = c != 0 ? c : _kindRevision.CompareTo(other._kindRevision);
            return c != 0 ? c : Index.CompareTo(other.Index);
        }
    }
}
