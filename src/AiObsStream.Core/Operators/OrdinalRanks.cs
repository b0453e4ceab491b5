using System.Runtime.InteropServices;

namespace AiObsStream.Core.Operators;

/// <summary>
/// The rank of each value among every value seen recently, under a total order: sorting by rank gives the order of
/// the values themselves, with one integer comparison instead of (for series dimensions) up to nine string comparisons.
/// </summary>
/// <remarks>
/// <para>Ranks are kept from batch to batch: a stream sees the same series tick after tick, so in steady state ranking a
/// batch costs one hash lookup per value and sorts nothing. New values are sorted among themselves and merged into the
/// known ones, and every rank is renumbered (ranks are only comparable within one call's result).</para>
/// <para>The equality comparer must agree with the order (equal ⇔ compare is 0), so equal values get one rank. Memory is
/// bounded: when more than <c>capacity</c> values (or four times the batch) are known at a merge, everything but the
/// batch is forgotten. Not thread-safe.</para>
/// </remarks>
/// <typeparam name="T">The ranked values.</typeparam>
public sealed class OrdinalRanks<T>
    where T : notnull
{
    private readonly IComparer<T> _order;
    private readonly Dictionary<T, int> _ranks;
    private readonly List<T> _fresh = [];
    private readonly int _capacity;
    private T[] _sorted = [];

    /// <summary>Creates an empty table.</summary>
    /// <param name="order">The total order the ranks follow.</param>
    /// <param name="equality">Equality consistent with <paramref name="order"/>; null for the default.</param>
    /// <param name="capacity">How many values may be remembered beyond the current batch before the table forgets.</param>
    public OrdinalRanks(IComparer<T> order, IEqualityComparer<T>? equality = null, int capacity = 1 << 18)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _order = order;
        _ranks = new Dictionary<T, int>(equality);
        _capacity = capacity;
    }

    /// <summary>How many values are known.</summary>
    public int Count => _ranks.Count;

    /// <summary>
    /// Writes the rank of <c>values[i]</c> to <c>ranks[i]</c>; all ranks written by one call are consistent with the
    /// order (and only with each other: a later call may renumber).
    /// </summary>
    /// <param name="values">The batch's values (repeats allowed).</param>
    /// <param name="ranks">Receives one rank per value; at least as long as <paramref name="values"/>.</param>
    /// <returns>True when every value was known (no renumbering happened).</returns>
    public bool Rank(ReadOnlySpan<T> values, Span<int> ranks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ranks.Length, values.Length, nameof(ranks));
        _fresh.Clear();
        for (var i = 0; i < values.Length; i++)
        {
            ref var rank = ref CollectionsMarshal.GetValueRefOrAddDefault(_ranks, values[i], out var known);
            if (!known)
            {
                rank = -1;
                _fresh.Add(values[i]);
            }

            ranks[i] = rank;
        }

        if (_fresh.Count == 0)
        {
            return true;
        }

        if (_ranks.Count > Math.Max(_capacity, 4 * values.Length))
        {
            Forget(values);
        }

        Merge();
        for (var i = 0; i < values.Length; i++)
        {
            ranks[i] = _ranks[values[i]];
        }

        return false;
    }

    /// <summary>Forgets every value not in <paramref name="values"/>: they all become fresh.</summary>
    private void Forget(ReadOnlySpan<T> values)
    {
        _ranks.Clear();
        _fresh.Clear();
        _sorted = [];
        foreach (var v in values)
        {
            if (_ranks.TryAdd(v, -1))
            {
                _fresh.Add(v);
            }
        }
    }

    /// <summary>Sorts the fresh values, merges them into the known ones and renumbers every rank.</summary>
    private void Merge()
    {
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
            CollectionsMarshal.GetValueRefOrNullRef(_ranks, _sorted[i]) = i;
        }

        _fresh.Clear();
    }
}
