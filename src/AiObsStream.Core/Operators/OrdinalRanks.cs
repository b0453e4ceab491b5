using System.Runtime.InteropServices;

namespace AiObsStream.Core.Operators;

/// <summary>
/// The rank of each value among every value seen recently, under a total order: sorting by rank gives the order of
/// the values themselves, with one integer comparison instead of (for series dimensions) up to nine string comparisons.
/// </summary>
/// <remarks>
/// <para>Used per batch: <see cref="BeginBatch"/>, <see cref="Find"/> each value (its rank, or -1 when new), then
/// <see cref="Renumber"/>; when that returns true, new values were merged and every rank changed, so the batch's values
/// are looked up again with <see cref="RankOf"/>. Ranks are only comparable within one batch.</para>
/// <para>Ranks are kept from batch to batch: a stream sees the same series tick after tick, so in steady state a batch
/// costs one hash lookup per value and sorts nothing; new values are sorted among themselves and merged into the known
/// ones. The equality comparer must agree with the order (equal ⇔ compare is 0), so equal values get one rank. Memory is
/// bounded: when more than <c>capacity</c> values are known at a merge, the values the batch did not use are forgotten.
/// Not thread-safe.</para>
/// </remarks>
/// <typeparam name="T">The ranked values.</typeparam>
public sealed class OrdinalRanks<T>
    where T : notnull
{
    private readonly IComparer<T> _order;
    private readonly Dictionary<T, Entry> _entries;
    private readonly List<T> _fresh = [];
    private readonly int _capacity;
    private T[] _sorted = [];
    private int _batch;

    /// <summary>Creates an empty table.</summary>
    /// <param name="order">The total order the ranks follow.</param>
    /// <param name="equality">Equality consistent with <paramref name="order"/>; null for the default.</param>
    /// <param name="capacity">How many values may be remembered before those a batch did not use are forgotten.</param>
    public OrdinalRanks(IComparer<T> order, IEqualityComparer<T>? equality = null, int capacity = 1 << 18)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _order = order;
        _entries = new Dictionary<T, Entry>(equality);
        _capacity = capacity;
    }

    /// <summary>How many values are known.</summary>
    public int Count => _entries.Count;

    /// <summary>Starts a batch: the values found from now on are the batch's.</summary>
    public void BeginBatch()
    {
        _batch++;
        _fresh.Clear();
    }

    /// <summary>The rank of <paramref name="value"/>, or -1 when it is new (it is ranked by <see cref="Renumber"/>).</summary>
    public int Find(T value)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, value, out var known);
        entry.Batch = _batch;
        if (!known)
        {
            entry.Rank = -1;
            _fresh.Add(value);
        }

        return entry.Rank;
    }

    /// <summary>The rank of a value found in this batch (after <see cref="Renumber"/>).</summary>
    /// <exception cref="KeyNotFoundException">The value was never found.</exception>
    public int RankOf(T value) => _entries[value].Rank;

    /// <summary>Ranks the batch's new values; true when there were any (every rank changed: look them up again).</summary>
    public bool Renumber()
    {
        if (_fresh.Count == 0)
        {
            return false;
        }

        if (_entries.Count > _capacity)
        {
            ForgetUnused();
        }

        _fresh.Sort(_order);
        var merged = new T[_sorted.Length + _fresh.Count]; // only when new values arrived: not per tick in steady state
        int a = 0, b = 0, n = 0;
        while (a < _sorted.Length && b < _fresh.Count)
        {
            merged[n++] = _order.Compare(_sorted[a], _fresh[b]) <= 0 ? _sorted[a++] : _fresh[b++];
        }

        while (a < _sorted.Length)
        {
            merged[n++] = _sorted[a++];
        }

        while (b < _fresh.Count)
        {
            merged[n++] = _fresh[b++];
        }

        _sorted = merged;
        for (var i = 0; i < merged.Length; i++)
        {
            CollectionsMarshal.GetValueRefOrNullRef(_entries, merged[i]).Rank = i;
        }

        _fresh.Clear();
        return true;
    }

    /// <summary>Drops the known values this batch did not find (they are ranked again if they come back).</summary>
    private void ForgetUnused()
    {
        var kept = 0;
        for (var i = 0; i < _sorted.Length; i++)
        {
            if (_entries[_sorted[i]].Batch == _batch)
            {
                _sorted[kept++] = _sorted[i];
            }
            else
            {
                _entries.Remove(_sorted[i]);
            }
        }

        _sorted = _sorted[..kept];
    }

    private struct Entry
    {
        public int Rank;
        public int Batch;
    }
}
