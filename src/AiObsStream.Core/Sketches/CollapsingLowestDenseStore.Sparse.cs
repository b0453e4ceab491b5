namespace AiObsStream.Core.Sketches;

/// <content>
/// The sparse phase: a store holds its first non-empty bins as sorted (index, count) pairs and turns dense only when
/// the data needs it.
/// </content>
/// <remarks>
/// Why: most window sketches see a handful of values (a GPU field scraped every 15 s gets 4 per minute), but values
/// spread over a wide range (5 % and 95 % utilization are 300 bins apart) made the dense array grow to 512 bins, 4 KB,
/// for 4 counts. Pairs cost 16 bytes per non-empty bin whatever the range. The pairs hold exactly the bins and counts
/// the dense array would, MinIndex and MaxIndex keep their meaning, and the store turns dense (keeping every count)
/// before a bin would make it collapse or hold more than <see cref="SparseMaxPairs"/> pairs; so every answer
/// (counts, rank scans, merges, serialization) is bit-identical to the dense store's.
/// </remarks>
internal sealed partial class CollapsingLowestDenseStore
{
    /// <summary>
    /// Pairs held at most before the store turns dense: beyond about 32 non-empty bins the dense array (8 bytes per
    /// bin of the range, one bounds check per add) is as small as the pairs for typical clustered data and faster.
    /// </summary>
    internal const int SparseMaxPairs = 32;

    /// <summary>Pairs allocated on the first insert; doubles on growth.</summary>
    private const int InitialPairs = 2;

    /// <summary>(index, count) pairs at [2k] and [2k + 1], ascending by index, counts positive.</summary>
    private long[] _sparse = [];
    private int _sparseCount;

    /// <summary>True while the store has no dense array (the pairs hold its bins).</summary>
    internal bool IsSparse => _counts.Length == 0;

    private int SparseLimit => Math.Min(SparseMaxPairs, _maxBins);

    /// <summary>Adds to a sparse store; false when the store had to turn dense first (the caller then adds densely).</summary>
    private bool TryAddSparse(int index, long count)
    {
        var at = SparseFind(index);
        if (at < _sparseCount && _sparse[2 * at] == index)
        {
            _sparse[(2 * at) + 1] += count;
            _total += count;
            return true;
        }

        var newMin = Math.Min(index, _minIndex);
        var newMax = Math.Max(index, _maxIndex);
        if ((long)newMax - newMin + 1 > _maxBins || _sparseCount + 1 > SparseLimit)
        {
            ToDense();
            return false;
        }

        if (2 * (_sparseCount + 1) > _sparse.Length)
        {
            var pairs = Math.Min(Math.Max(InitialPairs, _sparse.Length), SparseLimit); // doubles: length is 2 x pairs
            var grown = new long[2 * pairs];
            Array.Copy(_sparse, grown, 2 * _sparseCount);
            _sparse = grown;
        }

        Array.Copy(_sparse, 2 * at, _sparse, 2 * (at + 1), 2 * (_sparseCount - at));
        _sparse[2 * at] = index;
        _sparse[(2 * at) + 1] = count;
        _sparseCount++;
        _total += count;
        _minIndex = newMin;
        _maxIndex = newMax;
        return true;
    }

    /// <summary>The position of the first pair whose index is at or above <paramref name="index"/>.</summary>
    private int SparseFind(int index)
    {
        int lo = 0, hi = _sparseCount;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_sparse[2 * mid] < index)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private long SparseCountAt(int index)
    {
        var at = SparseFind(index);
        return at < _sparseCount && _sparse[2 * at] == index ? _sparse[(2 * at) + 1] : 0;
    }

    /// <summary>Moves the pairs into a dense array covering [MinIndex, MaxIndex] (within the bound by invariant).</summary>
    /// <remarks>Internal so tests can check that both representations give the same answers.</remarks>
    internal void ToDense()
    {
        var pairs = _sparse;
        var n = _sparseCount;
        _sparse = [];
        _sparseCount = 0;
        if (n == 0)
        {
            return; // empty: the dense path allocates the array for the first bin
        }

        int lo = _minIndex, hi = _maxIndex;
        _minIndex = int.MaxValue;
        _maxIndex = int.MinValue;
        EnsureCovers(lo, hi);
        for (var k = 0; k < n; k++)
        {
            _counts[(int)pairs[2 * k] - _offset] = pairs[(2 * k) + 1];
        }

        _minIndex = lo;
        _maxIndex = hi;
    }

    /// <summary>Adds the bins of a sparse <paramref name="other"/> one by one (other may be this store).</summary>
    /// <remarks>
    /// Bin by bin gives the dense merge's result: collapsing moves every count below the final lowest bin into it
    /// whatever the order, and happens exactly when the combined range exceeds the bound. When other is this store
    /// only existing bins grow, so the pairs do not move under the loop.
    /// </remarks>
    private void MergeFromSparse(CollapsingLowestDenseStore other)
    {
        var collapsed = other.IsCollapsed;
        var pairs = other._sparse;
        var n = other._sparseCount;
        for (var k = 0; k < n; k++)
        {
            Add((int)pairs[2 * k], pairs[(2 * k) + 1]);
        }

        IsCollapsed |= collapsed;
    }

    private int SparseScanUp(double threshold, bool inclusiveReach)
    {
        // Empty bins do not move the cumulative count, so the first bin that reaches the threshold is a held pair.
        long cumulative = 0;
        for (var k = 0; k < _sparseCount; k++)
        {
            cumulative += _sparse[(2 * k) + 1];
            if (inclusiveReach ? cumulative >= threshold : cumulative > threshold)
            {
                return (int)_sparse[2 * k];
            }
        }

        return _maxIndex;
    }

    private int SparseScanDown(double threshold, bool inclusiveReach)
    {
        long cumulative = 0;
        for (var k = _sparseCount - 1; k >= 0; k--)
        {
            cumulative += _sparse[(2 * k) + 1];
            if (inclusiveReach ? cumulative >= threshold : cumulative > threshold)
            {
                return (int)_sparse[2 * k];
            }
        }

        return _minIndex;
    }

    /// <summary>Loads bins from <paramref name="minIndex"/> as pairs when few enough are non-empty.</summary>
    private bool TryLoadSparse(int minIndex, ReadOnlySpan<long> counts)
    {
        var nonEmpty = 0;
        foreach (var c in counts)
        {
            nonEmpty += c != 0 ? 1 : 0;
        }

        if (nonEmpty > SparseLimit)
        {
            _sparse = [];
            return false;
        }

        if (_sparse.Length < 2 * nonEmpty)
        {
            _sparse = new long[2 * Math.Max(InitialPairs, nonEmpty)];
        }

        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] != 0)
            {
                _sparse[2 * _sparseCount] = minIndex + i;
                _sparse[(2 * _sparseCount) + 1] = counts[i];
                _sparseCount++;
            }
        }

        _minIndex = minIndex;
        _maxIndex = minIndex + counts.Length - 1;
        return true;
    }

    /// <summary>Enumerates the non-empty bins of a store (dense or sparse) in ascending index order.</summary>
    internal struct BinEnumerator
    {
        private readonly CollapsingLowestDenseStore _store;
        private int _next;

        internal BinEnumerator(CollapsingLowestDenseStore store)
        {
            _store = store;
            _next = store.IsSparse ? 0 : store._minIndex;
            Current = default;
        }

        /// <summary>The current bin.</summary>
        public (int Index, long Count) Current { get; private set; }

        /// <summary>For foreach.</summary>
        public readonly BinEnumerator GetEnumerator() => this;

        /// <summary>Moves to the next non-empty bin.</summary>
        public bool MoveNext()
        {
            var s = _store;
            if (s.IsSparse)
            {
                if (_next >= s._sparseCount)
                {
                    return false;
                }

                Current = ((int)s._sparse[2 * _next], s._sparse[(2 * _next) + 1]);
                _next++;
                return true;
            }

            while (!s.IsEmpty && _next <= s._maxIndex)
            {
                var i = _next++;
                var c = s._counts[i - s._offset];
                if (c != 0)
                {
                    Current = (i, c);
                    return true;
                }
            }

            return false;
        }
    }
}
