using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Operators;
using AiObsStream.Core.State;

namespace AiObsStream.Pipeline.Engine;

/// <summary>
/// Sorts a tick's rows into <see cref="RowOrder"/> without comparing strings per comparison: the metric names and series
/// dimensions are ranked first (<see cref="OrdinalRanks{T}"/>, kept across ticks, so in steady state one hash lookup
/// per row and value), then packed keys of integers are sorted.
/// </summary>
/// <remarks>
/// Rows equal under <see cref="RowOrder"/> keep their input order (the key ends with the input position), a
/// deterministic choice where <see cref="List{T}.Sort(IComparer{T})"/> was not. Every buffer is a field reused from tick
/// to tick. Not thread-safe: one per output stage.
/// </remarks>
internal sealed class RowSorter
{
    private readonly OrdinalRanks<string> _metrics = new(StringComparer.Ordinal, StringComparer.Ordinal);
    private readonly OrdinalRanks<SeriesDims> _dims = new(SeriesDimsOrder.Instance);
    private string[] _metricValues = [];
    private SeriesDims[] _dimsValues = [];
    private int[] _metricRanks = [];
    private int[] _dimsRanks = [];
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

        Grow(n);
        for (var i = 0; i < n; i++)
        {
            var row = rows[i];
            _metricValues[i] = row.Metric;
            _dimsValues[i] = row.Dims;
            _copy[i] = row;
        }

        _metrics.Rank(_metricValues.AsSpan(0, n), _metricRanks);
        _dims.Rank(_dimsValues.AsSpan(0, n), _dimsRanks);
        var sorted = true;
        for (var i = 0; i < n; i++)
        {
            var row = _copy[i];
            _keys[i] = new Key(row.WindowStartMs, _metricRanks[i], _dimsRanks[i], (int)row.Kind, row.Revision, i);
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

        // the scratch must not keep the tick's rows (and their sketches) alive until the next tick
        Array.Clear(_copy, 0, n);
        Array.Clear(_dimsValues, 0, n);
        Array.Clear(_metricValues, 0, n);
    }

    private void Grow(int n)
    {
        if (_keys.Length >= n)
        {
            return;
        }

        var size = Math.Max(n, _keys.Length * 2);
        _metricValues = new string[size];
        _dimsValues = new SeriesDims[size];
        _metricRanks = new int[size];
        _dimsRanks = new int[size];
        _keys = new Key[size];
        _copy = new MetricRow[size];
    }

    /// <summary>The fields of <see cref="RowOrder"/> as integers, then the input position.</summary>
    private readonly record struct Key(long WindowStartMs, int Metric, int Dims, int Kind, int Revision, int Index) : IComparable<Key>
    {
        public int CompareTo(Key other)
        {
            var c = WindowStartMs.CompareTo(other.WindowStartMs);
            c = c != 0 ? c : Metric.CompareTo(other.Metric);
            c = c != 0 ? c : Dims.CompareTo(other.Dims);
            c = c != 0 ? c : Kind.CompareTo(other.Kind);
            c = c != 0 ? c : Revision.CompareTo(other.Revision);
            return c != 0 ? c : Index.CompareTo(other.Index);
        }
    }
}
