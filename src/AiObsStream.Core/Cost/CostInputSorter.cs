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
/// <remarks>Rows equal under <see cref="CostInputOrder"/> keep their input order (the key ends with the position).
/// Buffers are reused from tick to tick. Not thread-safe.</remarks>
internal sealed class CostInputSorter
{
    private readonly OrdinalRanks<string> _metrics = new(StringComparer.Ordinal, StringComparer.Ordinal);
    private readonly OrdinalRanks<SeriesDims> _dims = new(SeriesDimsOrder.Instance);
    private readonly OrdinalRanks<string> _versions = new(StringComparer.Ordinal, StringComparer.Ordinal);
    private string[] _metricValues = [];
    private SeriesDims[] _dimsValues = [];
    private string[] _versionValues = [];
    private int[] _metricRanks = [];
    private int[] _dimsRanks = [];
    private int[] _versionRanks = [];
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

        Grow(n);
        for (var i = 0; i < n; i++)
        {
            var row = rows[i];
            _metricValues[i] = row.Metric;
            _dimsValues[i] = row.Dims;
            _versionValues[i] = row.ModelVersion;
            _copy[i] = row;
        }

        _metrics.Rank(_metricValues.AsSpan(0, n), _metricRanks);
        _dims.Rank(_dimsValues.AsSpan(0, n), _dimsRanks);
        _versions.Rank(_versionValues.AsSpan(0, n), _versionRanks);
        var sorted = true;
        for (var i = 0; i < n; i++)
        {
            var row = _copy[i];
            _keys[i] = new Key(row.WindowStartMs, (int)row.Kind, _metricRanks[i], _dimsRanks[i], _versionRanks[i], row.Revision, i);
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
        Array.Clear(_dimsValues, 0, n);
        Array.Clear(_metricValues, 0, n);
        Array.Clear(_versionValues, 0, n);
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
        _versionValues = new string[size];
        _metricRanks = new int[size];
        _dimsRanks = new int[size];
        _versionRanks = new int[size];
        _keys = new Key[size];
        _copy = new MetricRow[size];
    }

    /// <summary>The fields of <see cref="CostInputOrder"/> as integers, then the input position.</summary>
    private readonly record struct Key(long WindowStartMs, int Kind, int Metric, int Dims, int Version, int Revision, int Index)
        : IComparable<Key>
    {
        public int CompareTo(Key other)
        {
            var c = WindowStartMs.CompareTo(other.WindowStartMs);
            c = c != 0 ? c : Kind.CompareTo(other.Kind);
            c = c != 0 ? c : Metric.CompareTo(other.Metric);
            c = c != 0 ? c : Dims.CompareTo(other.Dims);
            c = c != 0 ? c : Version.CompareTo(other.Version);
            c = c != 0 ? c : Revision.CompareTo(other.Revision);
            return c != 0 ? c : Index.CompareTo(other.Index);
        }
    }
}
