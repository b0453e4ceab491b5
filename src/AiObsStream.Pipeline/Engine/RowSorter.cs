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
/// Rows equal under <see cref="RowOrder"/> keep their input order (see <see cref="RankedRowSorter{TKey}"/>), a
/// deterministic choice where <see cref="List{T}.Sort(IComparer{T})"/> was not. Not thread-safe: one per output stage.
/// </remarks>
internal sealed class RowSorter : RankedRowSorter<RowSorter.Key>
{
    private readonly OrdinalRanks<string> _metrics = new(StringComparer.Ordinal, StringComparer.Ordinal);
    private readonly OrdinalRanks<SeriesDims> _dims = new(SeriesDimsOrder.Instance);

    protected override IComparer<MetricRow> Order => RowOrder.Instance;

    protected override void BeginBatch()
    {
        _metrics.BeginBatch();
        _dims.BeginBatch();
    }

    protected override bool Renumber() => _metrics.Renumber() | _dims.Renumber(); // both: each table must rank its new values

    protected override bool Fits(MetricRow row) => (uint)row.Revision <= Key.MaxRevision && (byte)row.Kind <= 3;

    protected override Key KeyOf(MetricRow row, int index, bool find) => find
        ? new Key(row.WindowStartMs, _metrics.Find(row.Metric), _dims.Find(row.Dims), row.Kind, row.Revision, index)
        : new Key(row.WindowStartMs, _metrics.RankOf(row.Metric), _dims.RankOf(row.Dims), row.Kind, row.Revision, index);

    protected override int IndexOf(in Key key) => key.Index;

    /// <summary>The fields of <see cref="RowOrder"/> as integers (kind and revision packed in one), then the input position.</summary>
    internal readonly struct Key(long windowStartMs, int metric, int dims, RowKind kind, int revision, int index) : IComparable<Key>
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
