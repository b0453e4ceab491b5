using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Operators;
using AiObsStream.Core.State;

namespace AiObsStream.Core.Cost;

/// <summary>
/// Sorts the cost stage's input into <see cref="CostInputOrder"/> without comparing strings per comparison: metric
/// names, series dimensions and model versions are ranked (<see cref="OrdinalRanks{T}"/>, kept across ticks), then
/// integer keys are sorted.
/// </summary>
/// <remarks>Rows equal under <see cref="CostInputOrder"/> keep their input order (the key ends with the position); input
/// already in order is left as it is. Buffers are reused from tick to tick. Not thread-safe.</remarks>
internal sealed class CostInputSorter
{
    private readonly OrdinalRanks<string> _metrics = new(StringComparer.Ordinal, StringComparer.Ordinal);
    private readonly OrdinalRanks<SeriesDims> _dims = new(SeriesDimsOrder.Instance);
    private readonly OrdinalRanks<string> _versions = new(StringComparer.Ordinal, StringComparer.Ordinal);
    private Key[] _keys = [];
    private MetricRow[] _copy = [];

    /// <summary>Sorts <paramref name="rows"/> in place into <see cref="CostInputOrder"/>.</summary>
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
        _versions.BeginBatch();
        for (var i = 0; i < n; i++)
        {
            var row = rows[i];
            if ((byte)row.Kind > 3)
            {
                rows.Sort(CostInputOrder.Instance); // out of the packed key's range (not produced by the engine): the comparer
                return;
            }

            _copy[i] = row;
            _keys[i] = new Key(row.WindowStartMs, row.Kind, _metrics.Find(row.Metric), _dims.Find(row.Dims), _versions.Find(row.ModelVersion),
                row.Revision, i);
        }

        var renumbered = _metrics.Renumber() | _dims.Renumber() | _versions.Renumber(); // each table must rank its new values
        var sorted = true;
        for (var i = 0; i < n; i++)
        {
            if (renumbered)
            {
                var row = _copy[i];
                _keys[i] = new Key(row.WindowStartMs, row.Kind, _metrics.RankOf(row.Metric), _dims.RankOf(row.Dims),
                    _versions.RankOf(row.ModelVersion), row.Revision, i);
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

        Array.Clear(_copy, 0, n); // the scratch must not keep the tick's rows alive
    }

    /// <summary>The fields of <see cref="CostInputOrder"/> as integers (kind and metric packed in one), then the input position.</summary>
    private readonly struct Key(long windowStartMs, RowKind kind, int metric, int dims, int version, int revision, int index) : IComparable<Key>
    {
        private readonly long _windowStartMs = windowStartMs;
        private readonly int _kindMetric = ((int)kind << 29) | metric; // kind < 4, metric ranks far below 2^29 (a few dozen names)
        private readonly int _dims = dims;
        private readonly int _version = version;
        private readonly int _revision = revision;

        public int Index { get; } = index;

        public int CompareTo(Key other)
        {
            var c = _windowStartMs.CompareTo(other._windowStartMs);
            c = c != 0 ? c : _kindMetric.CompareTo(other._kindMetric);
            c = c != 0 ? c : _dims.CompareTo(other._dims);
            c = c != 0 ? c : _version.CompareTo(other._version);
            c = c != 0 ? c : _revision.CompareTo(other._revision);
            return c != 0 ? c : Index.CompareTo(other.Index);
        }
    }
}
