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
    /// <summary>More distinct window starts than this in one tick (never in a stream): the keys are sorted by comparison.</summary>
    private const int MaxBucketWindows = 64;

    private readonly OrdinalRanks<string> _metrics = new(StringComparer.Ordinal, StringComparer.Ordinal);
    private readonly OrdinalRanks<SeriesDims> _dims = new(SeriesDimsOrder.Instance);
    private readonly List<long> _windows = [];
    private int[] _bucketEnds = [];
    private ulong[] _packed = [];

    /// <summary>False: the keys are sorted by comparison, as before the buckets (benchmarks and tests compare the two).</summary>
    internal bool Buckets { get; init; } = true;

    protected override IComparer<MetricRow> Order => RowOrder.Instance;

    protected override void BeginBatch()
    {
        _metrics.BeginBatch();
        _dims.BeginBatch();
    }

    protected override bool Renumber() => _metrics.Renumber() | _dims.Renumber(); // both: each table must rank its new values

    protected override bool Fits(MetricRow row) => (uint)row.Revision <= Key.MaxRevision && (byte)row.Kind <= 3;

    protected override Key KeyOf(MetricRow row, int index, bool find) => find
        ? new Key(row.WindowStartMs, _metrics.Find(row.Metric), _dims.Find(row.Dims), RowOrder.KindOf(row), row.Revision, index)
        : new Key(row.WindowStartMs, _metrics.RankOf(row.Metric), _dims.RankOf(row.Dims), RowOrder.KindOf(row), row.Revision, index);

    protected override int IndexOf(in Key key) => key.Index;

    /// <summary>
    /// A tick has a handful of windows and a few dozen metric names, so the keys are first put into (window, metric)
    /// buckets by a counting sort (stable: each bucket in input order), each bucket is sorted as 64-bit integers
    /// (series rank, input position), which a primitive sort does without a comparer call, and buckets already in order
    /// (a partition's rows of one metric arrive in series order when the series were first seen in that order) are not
    /// sorted at all. Rows equal up to the series (the on-time, final and corrected rows of one window) are then
    /// adjacent, in input order: an insertion pass puts them by kind and revision. 8 bytes of scratch per row.
    /// </summary>
    protected override bool TryPlaceInOrder(Key[] keys, int count, MetricRow[] rows, List<MetricRow> output)
    {
        var metrics = _metrics.Count; // ranks are 0 .. Count - 1 after Renumber
        if (!Buckets || !CollectWindows(keys, count) || !RanksInRange(keys, count, metrics))
        {
            return false; // the comparison sort
        }

        var buckets = _windows.Count * metrics;
        if (buckets > Math.Max(count, 1024) * 4)
        {
            return false; // many metric names known, few rows: visiting every bucket would cost more than the sort
        }

        if (_packed.Length < count)
        {
            _packed = new ulong[Math.Max(count, _packed.Length * 2)];
        }

        if (_bucketEnds.Length < buckets + 1)
        {
            _bucketEnds = new int[Math.Max(buckets + 1, _bucketEnds.Length * 2)];
        }

        Array.Clear(_bucketEnds, 0, buckets + 1);
        BucketCursor cursor = new(_windows, metrics);
        for (var i = 0; i < count; i++)
        {
            _bucketEnds[cursor.Of(in keys[i]) + 1]++;
        }

        for (var b = 0; b < buckets; b++)
        {
            _bucketEnds[b + 1] += _bucketEnds[b]; // bucket b starts at _bucketEnds[b]
        }

        cursor = new(_windows, metrics);
        for (var i = 0; i < count; i++)
        {
            _packed[_bucketEnds[cursor.Of(in keys[i])]++] = ((ulong)(uint)keys[i].Dims << 32) | (uint)i; // then: bucket b ends at _bucketEnds[b]
        }

        var begin = 0;
        for (var b = 0; b < buckets; b++)
        {
            var end = _bucketEnds[b];
            SortBucket(begin, end);
            begin = end;
        }

        var order = _packed.AsSpan(0, count);
        InsertionPass(keys, order);
        for (var p = 0; p < count; p++)
        {
            output[p] = rows[Position(order[p])];
        }

        return true;
    }

    /// <summary>Whether every key's ranks are ranks of this batch (always after Renumber; checked, not assumed).</summary>
    private static bool RanksInRange(Key[] keys, int count, int metrics)
    {
        for (var i = 0; i < count; i++)
        {
            if ((uint)keys[i].Metric >= (uint)metrics || keys[i].Dims < 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The tick's distinct window starts, ascending, in <see cref="_windows"/>; false when there are too many to bucket.</summary>
    private bool CollectWindows(Key[] keys, int count)
    {
        _windows.Clear();
        var last = long.MinValue;
        for (var i = 0; i < count; i++)
        {
            var start = keys[i].WindowStartMs;
            if ((i > 0 && start == last) || _windows.Contains(start))
            {
                last = start;
                continue;
            }

            if (_windows.Count == MaxBucketWindows)
            {
                return false;
            }

            _windows.Add(start);
            last = start;
        }

        _windows.Sort();
        return true;
    }

    private void SortBucket(int begin, int end)
    {
        for (var p = begin + 1; p < end; p++)
        {
            if (_packed[p - 1] > _packed[p])
            {
                Array.Sort(_packed, begin, end - begin);
                return;
            }
        }
    }

    /// <summary>An insertion sort of packed positions by their keys: linear where only rows of one series (kind, revision) are out of order.</summary>
    private static void InsertionPass(Key[] keys, Span<ulong> order)
    {
        for (var i = 1; i < order.Length; i++)
        {
            var moving = order[i];
            ref readonly var key = ref keys[Position(moving)];
            if (keys[Position(order[i - 1])].CompareTo(key) <= 0)
            {
                continue;
            }

            var j = i - 1;
            while (j >= 0 && keys[Position(order[j])].CompareTo(key) > 0)
            {
                order[j + 1] = order[j];
                j--;
            }

            order[j + 1] = moving;
        }
    }

    /// <summary>The input position in a packed (series rank, position) value.</summary>
    private static int Position(ulong packed) => (int)(uint)packed;

    /// <summary>The (window, metric) bucket of keys read in input order: the window's index is looked up when it changes.</summary>
    private struct BucketCursor(List<long> windows, int metrics)
    {
        private long _window;
        private int _index = -1;

        public int Of(in Key key)
        {
            if (_index < 0 || key.WindowStartMs != _window)
            {
                _window = key.WindowStartMs;
                _index = windows.BinarySearch(_window);
            }

            return (_index * metrics) + key.Metric;
        }
    }

    /// <summary>The fields of <see cref="RowOrder"/> as integers (kind and revision packed in one), then the input position.</summary>
    internal readonly struct Key(long windowStartMs, int metric, int dims, RowKind kind, int revision, int index) : IComparable<Key>
    {
        public const uint MaxRevision = (1u << 29) - 1;

        private readonly int _kindRevision = ((int)kind << 29) | revision;

        public long WindowStartMs { get; } = windowStartMs;

        public int Metric { get; } = metric;

        public int Dims { get; } = dims;

        public int Index { get; } = index;

        public int CompareTo(Key other)
        {
            var c = WindowStartMs.CompareTo(other.WindowStartMs);
            c = c != 0 ? c : Metric.CompareTo(other.Metric);
            c = c != 0 ? c : Dims.CompareTo(other.Dims);
            c = c != 0 ? c : _kindRevision.CompareTo(other._kindRevision);
            return c != 0 ? c : Index.CompareTo(other.Index);
        }
    }
}
