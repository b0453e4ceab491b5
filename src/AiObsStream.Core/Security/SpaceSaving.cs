namespace AiObsStream.Core.Security;

/// <summary>
/// The Space-Saving heavy-hitters summary (Metwally, Agrawal, El Abbadi, "Efficient Computation of Frequent and Top-k
/// Elements in Data Streams", ICDT 2005): at most <see cref="Capacity"/> keys are tracked, whatever the number of
/// distinct keys offered. A key not tracked takes the slot of the smallest count and inherits that count as its
/// over-estimation error, so every key whose true weight exceeds total / capacity is guaranteed to be tracked.
/// </summary>
/// <remarks>
/// Slots are stable indices (0..Capacity-1) so callers can keep per-slot state beside the summary; an eviction is
/// reported so that state can be reset. Eviction scans for the minimum (O(capacity)): capacities here are tens of
/// slots, where a scan beats the heap's bookkeeping. The arrays grow with the slots in use (up to the capacity), so a
/// summary with few keys stays small (one per deployment: issue #12's memory per series). Not thread-safe.
/// </remarks>
public sealed partial class SpaceSaving
{
    private const int InitialSlots = 4;

    /// <summary>Up to this many slots in use, <see cref="Offer"/> compares references before it hashes.</summary>
    private const int ReferenceScanSlots = 16;
    private readonly Dictionary<string, int> _index;
    private string?[] _keys;
    private double[] _counts;
    private double[] _errors;
    private int _used;

    /// <summary>Creates an empty summary of <paramref name="capacity"/> slots (at least 1).</summary>
    public SpaceSaving(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        var initial = Math.Min(capacity, InitialSlots);
        _keys = new string?[initial];
        _counts = new double[initial];
        _errors = new double[initial];
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
    }

    /// <summary>The number of slots.</summary>
    public int Capacity { get; }

    /// <summary>The number of slots in use.</summary>
    public int Count => _used;

    /// <summary>The key in <paramref name="slot"/>, or null when the slot is free.</summary>
    public string? KeyAt(int slot) => slot < _keys.Length || slot >= Capacity ? _keys[slot] : null;

    /// <summary>The (over-)estimated weight of the key in <paramref name="slot"/>.</summary>
    public double CountAt(int slot) => slot < _counts.Length || slot >= Capacity ? _counts[slot] : 0;

    /// <summary>The most the count of <paramref name="slot"/> may over-estimate its key's true weight.</summary>
    public double ErrorAt(int slot) => slot < _errors.Length || slot >= Capacity ? _errors[slot] : 0;

    /// <summary>The slot tracking <paramref name="key"/>, or -1.</summary>
    public int SlotOf(string key) => _index.TryGetValue(key, out var slot) ? slot : -1;

    /// <summary>
    /// Adds <paramref name="weight"/> (≥ 0) to <paramref name="key"/>; returns its slot. <paramref name="evicted"/> is the
    /// key that lost the slot to it (null when the key was tracked already or took a free slot).
    /// </summary>
    public int Offer(string key, double weight, out string? evicted)
    {
        ArgumentNullException.ThrowIfNull(key);
        evicted = null;
        if (_used <= ReferenceScanSlots)
        {
            // A few slots: look for the very string first (callers come from the parser's string cache, so a tracked
            // caller is mostly the same instance), cheaper than hashing it (perf, #12); a miss still asks the index.
            for (var i = 0; i < _used; i++)
            {
                if (ReferenceEquals(_keys[i], key))
                {
                    _counts[i] += weight;
                    return i;
                }
            }
        }

        if (_index.TryGetValue(key, out var slot))
        {
            _counts[slot] += weight;
            return slot;
        }

        if (_used < Capacity)
        {
            if (_used == _keys.Length)
            {
                Grow();
            }

            slot = _used++;
            _errors[slot] = 0;
            _counts[slot] = weight;
        }
        else
        {
            slot = MinSlot();
            evicted = _keys[slot];
            _index.Remove(evicted!);
            _errors[slot] = _counts[slot];
            _counts[slot] += weight;
        }

        _keys[slot] = key;
        _index[key] = slot;
        return slot;
    }

    /// <summary>Multiplies every count and error by <paramref name="factor"/> (0..1]: old weight fades, order is kept.</summary>
    public void Decay(double factor)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(factor);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(factor, 1);
        for (var i = 0; i < _used; i++)
        {
            _counts[i] *= factor;
            _errors[i] *= factor;
        }
    }

    private void Grow()
    {
        var size = (int)Math.Min(Capacity, 2L * _keys.Length);
        Array.Resize(ref _keys, size);
        Array.Resize(ref _counts, size);
        Array.Resize(ref _errors, size);
    }

    private int MinSlot()
    {
        // Ties go to the lowest slot, so the eviction order depends only on the offers, never on hashing.
        var min = 0;
        for (var i = 1; i < _used; i++)
        {
            if (_counts[i] < _counts[min])
            {
                min = i;
            }
        }

        return min;
    }
}
