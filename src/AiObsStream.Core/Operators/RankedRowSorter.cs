using AiObsStream.Core.Aggregation;

namespace AiObsStream.Core.Operators;

/// <summary>
/// Sorts rows into an order defined by a comparer without comparing strings per comparison: a subclass ranks the row's
/// string-like fields (<see cref="OrdinalRanks{T}"/>, kept across ticks, so in steady state one hash lookup per row and
/// value) into a small integer key ending with the input position, and integer keys are sorted.
/// </summary>
/// <remarks>
/// Rows equal under the order keep their input order (the key ends with the position). Input already in order is left
/// as it is. Every buffer is a field reused from tick to tick. Not thread-safe: one per stage.
/// </remarks>
/// <typeparam name="TKey">The packed key; its comparison must equal the order's, then the input position.</typeparam>
public abstract class RankedRowSorter<TKey>
    where TKey : struct, IComparable<TKey>
{
    private TKey[] _keys = [];
    private MetricRow[] _copy = [];

    /// <summary>The order itself, used for input a packed key cannot hold (never produced by the engine).</summary>
    protected abstract IComparer<MetricRow> Order { get; }

    /// <summary>Sorts <paramref name="rows"/> in place into <see cref="Order"/>.</summary>
    public void Sort(List<MetricRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var n = rows.Count;
        if (n < 2)
        {
            return;
        }

        if (_keys.Length < n)
        {
            _keys = new TKey[Math.Max(n, _keys.Length * 2)];
            _copy = new MetricRow[_keys.Length];
        }

        BeginBatch();
        for (var i = 0; i < n; i++)
        {
            var row = rows[i];
            if (!Fits(row))
            {
                rows.Sort(Order);
                return;
            }

            _copy[i] = row;
            _keys[i] = KeyOf(row, i, find: true);
        }

        var renumbered = Renumber();
        var sorted = true;
        for (var i = 0; i < n; i++)
        {
            if (renumbered)
            {
                _keys[i] = KeyOf(_copy[i], i, find: false);
            }

            sorted &= i == 0 || _keys[i - 1].CompareTo(_keys[i]) <= 0;
        }

        if (!sorted && !TryPlaceInOrder(_keys, n, _copy, rows))
        {
            Array.Sort(_keys, 0, n);
            for (var i = 0; i < n; i++)
            {
                rows[i] = _copy[IndexOf(_keys[i])];
            }
        }

        Array.Clear(_copy, 0, n); // the scratch must not keep the tick's rows (and their sketches) alive until the next tick
    }

    /// <summary>
    /// Writes <paramref name="rows"/>[0 .. <paramref name="count"/>), whose keys are <paramref name="keys"/> (key i is
    /// row i's), into <paramref name="output"/>[0 .. count) in key order (<see cref="IComparable{T}"/>), for a subclass
    /// whose keys allow something faster than a comparison sort; false (the default) to have the keys sorted. Keys are
    /// distinct (they end with the input position), so every correct order is the same.
    /// </summary>
    protected virtual bool TryPlaceInOrder(TKey[] keys, int count, MetricRow[] rows, List<MetricRow> output) => false;

    /// <summary>Starts a batch in every rank table (<see cref="OrdinalRanks{T}.BeginBatch"/>).</summary>
    protected abstract void BeginBatch();

    /// <summary>Renumbers every rank table (each must rank its new values); true when any rank changed.</summary>
    protected abstract bool Renumber();

    /// <summary>False for a row the packed key cannot hold.</summary>
    protected abstract bool Fits(MetricRow row);

    /// <summary>The row's key at input position <paramref name="index"/>: ranks by <c>Find</c> (first pass) or <c>RankOf</c>.</summary>
    protected abstract TKey KeyOf(MetricRow row, int index, bool find);

    /// <summary>The input position a key carries.</summary>
    protected abstract int IndexOf(in TKey key);
}
