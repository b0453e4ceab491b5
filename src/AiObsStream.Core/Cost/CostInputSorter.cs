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
/// <remarks>Rows equal under <see cref="CostInputOrder"/> keep their input order (see <see cref="RankedRowSorter{TKey}"/>).
/// Not thread-safe.</remarks>
internal sealed class CostInputSorter : RankedRowSorter<CostInputSorter.Key>
{
    private readonly OrdinalRanks<string> _metrics = new(StringComparer.Ordinal, StringComparer.Ordinal);
    private readonly OrdinalRanks<SeriesDims> _dims = new(SeriesDimsOrder.Instance);
    private readonly OrdinalRanks<string> _versions = new(StringComparer.Ordinal, StringComparer.Ordinal);

    protected override IComparer<MetricRow> Order => CostInputOrder.Instance;

    protected override void BeginBatch()
    {
        _metrics.BeginBatch();
        _dims.BeginBatch();
        _versions.BeginBatch();
    }

    protected override bool Renumber() => _metrics.Renumber() | _dims.Renumber() | _versions.Renumber(); // each table must rank its new values

    protected override bool Fits(MetricRow row) => (byte)row.Kind <= 3;

    protected override Key KeyOf(MetricRow row, int index, bool find) => find
        ? new Key(row.WindowStartMs, row.Kind, _metrics.Find(row.Metric), _dims.Find(row.Dims), _versions.Find(row.ModelVersion), row.Revision, index)
        : new Key(row.WindowStartMs, row.Kind, _metrics.RankOf(row.Metric), _dims.RankOf(row.Dims), _versions.RankOf(row.ModelVersion),
            row.Revision, index);

    protected override int IndexOf(in Key key) => key.Index;

    /// <summary>The fields of <see cref="CostInputOrder"/> as integers (kind and metric packed in one), then the input position.</summary>
    internal readonly struct Key(long windowStartMs, RowKind kind, int metric, int dims, int version, int revision, int index) : IComparable<Key>
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
