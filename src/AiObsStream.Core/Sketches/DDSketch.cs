using System.Diagnostics.CodeAnalysis;

namespace AiObsStream.Core.Sketches;

/// <summary>
/// A mergeable quantile sketch with a relative-error guarantee: every quantile it returns is within
/// <see cref="RelativeAccuracy"/> (default 0.5 %) of the value at that rank; used for every windowed percentile.
/// </summary>
/// <remarks>
/// <para>
/// Algorithm: DDSketch, C. Masson, J. E. Rim, H. K. Lee, "DDSketch: a fast and fully-mergeable quantile sketch with
/// relative-error guarantees", PVLDB 12(12), 2019 (VLDB 2019). Values are counted in logarithmic bins of ratio
/// gamma = (1 + a) / (1 - a); the bin index comes from the double's bits with the cubic interpolation of the
/// authors' reference implementations (see <see cref="CubicIndexMapping"/>), which keeps the guarantee without
/// calling <see cref="Math.Log(double)"/>. Positive and negative values have their own store; values whose magnitude
/// is below about 2.2e-308 (including 0 and -0) are counted exactly as zero. Count, Sum, Min and Max are exact.
/// </para>
/// <para>
/// Memory is bounded: each sign keeps at most <see cref="MaxBins"/> bins and merges its lowest-magnitude bins once the
/// value range needs more (DDSketch's collapsing-lowest dense store). At a = 0.005 a bin spans a factor of 1.01, so
/// 2048 bins cover a factor of about 6.5e8 (8.8 decades) per sign; only quantiles that fall in a collapsed bin lose
/// accuracy (for positive data the lowest ones; for mixed-sign data the ones nearest zero). Bytes per sketch (64-bit
/// runtime): about 210 while empty (no bin array until the first value of a sign); then each sign holds its first
/// non-empty bins as (index, count) pairs, 16 B each (an array starting at 2 pairs and doubling), whatever their
/// range, and turns to the dense array (24 + 8 x bins, starting at 32 bins and at most doubling up to MaxBins) past
/// 32 non-empty bins. A window that sees a few values costs about 270 B whatever their spread; latencies spanning
/// three decades need about 700 bins (5.6 KB of counts, an array of at most 11 KB); the worst case with the defaults
/// is 2 x 16,408 B + 210 B, about 33 KB.
/// <see cref="Clear"/> keeps the arrays so a window's sketch can be recycled without allocating.
/// </para>
/// <para>Not thread-safe: a sketch has a single owner (one key partition), as every operator state.</para>
/// </remarks>
public sealed partial class DDSketch
{
    /// <summary>The default relative accuracy: 0.5 %, half of the 1 % the percentile outputs must meet.</summary>
    public const double DefaultRelativeAccuracy = 0.005;

    /// <summary>The smallest relative accuracy accepted (it keeps every bin index of a double inside an int).</summary>
    public const double MinRelativeAccuracy = 1e-6;

    /// <summary>The largest relative accuracy accepted.</summary>
    public const double MaxRelativeAccuracy = 0.5;

    /// <summary>The default bound on bins per sign (2048 bins, 16 KB).</summary>
    public const int DefaultMaxBins = 2048;

    /// <summary>The largest bound on bins per sign accepted.</summary>
    public const int MaxMaxBins = 1 << 20;

    private readonly CubicIndexMapping _mapping;
    private readonly CollapsingLowestDenseStore _positive;
    /// <summary>
    /// Created on the first negative value: most metrics (latencies, tokens, utilization) never see one, and an empty
    /// store still costs about 60 bytes per window sketch. Reads go through <see cref="NegativeView"/>.
    /// </summary>
    private CollapsingLowestDenseStore? _negativeStore;
    private long _zeroCount;
    private long _count;
    private long _rejected;
    private double _sum;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;

    /// <summary>Creates an empty sketch with <see cref="DefaultRelativeAccuracy"/> and <see cref="DefaultMaxBins"/>.</summary>
    public DDSketch()
        : this(DefaultRelativeAccuracy, DefaultMaxBins)
    {
    }

    /// <summary>Creates an empty sketch.</summary>
    /// <param name="relativeAccuracy">The relative error bound a, in [<see cref="MinRelativeAccuracy"/>, <see cref="MaxRelativeAccuracy"/>].</param>
    /// <param name="maxBins">The bound on bins per sign, in [1, <see cref="MaxMaxBins"/>].</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public DDSketch(double relativeAccuracy, int maxBins)
    {
        if (!(relativeAccuracy >= MinRelativeAccuracy && relativeAccuracy <= MaxRelativeAccuracy))
        {
            throw new ArgumentOutOfRangeException(
                nameof(relativeAccuracy), relativeAccuracy, "The relative accuracy must be in [1e-6, 0.5].");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBins);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBins, MaxMaxBins);
        _mapping = relativeAccuracy == DefaultRelativeAccuracy
            ? CubicIndexMapping.Default
            : new CubicIndexMapping(relativeAccuracy);
        MaxBins = maxBins;
        _positive = new CollapsingLowestDenseStore(maxBins);
    }

    /// <summary>The negative values' store for reading: an empty shared one until the first negative value.</summary>
    private CollapsingLowestDenseStore NegativeView => _negativeStore ?? CollapsingLowestDenseStore.Empty;

    /// <summary>The negative values' store for writing (created on first use).</summary>
    private CollapsingLowestDenseStore Negative => _negativeStore ??= new CollapsingLowestDenseStore(MaxBins);

    /// <summary>The relative error bound a of every quantile.</summary>
    public double RelativeAccuracy => _mapping.RelativeAccuracy;

    /// <summary>The bound on bins per sign; beyond it the lowest bins are merged.</summary>
    public int MaxBins { get; }

    /// <summary>The number of values added (exact).</summary>
    public long Count => _count;

    /// <summary>True when no value has been added since creation or the last <see cref="Clear"/>.</summary>
    public bool IsEmpty => _count == 0;

    /// <summary>The sum of the values added (0 when empty).</summary>
    public double Sum => _sum;

    /// <summary>The smallest value added (exact), or NaN when empty.</summary>
    public double Min => _count == 0 ? double.NaN : _min;

    /// <summary>The largest value added (exact), or NaN when empty.</summary>
    public double Max => _count == 0 ? double.NaN : _max;

    /// <summary>The number of NaN or infinite values that were ignored.</summary>
    public long RejectedValues => _rejected;

    /// <summary>True once a store has merged its lowest bins to respect <see cref="MaxBins"/>.</summary>
    public bool IsCollapsed => _positive.IsCollapsed || NegativeView.IsCollapsed;

    /// <summary>Bins currently allocated over both signs (memory is 8 bytes per bin plus small headers).</summary>
    public int AllocatedBins => _positive.AllocatedBins + NegativeView.AllocatedBins;

    /// <summary>Adds one value; NaN and infinities are ignored and counted in <see cref="RejectedValues"/>.</summary>
    public void Add(double value)
    {
        if (!double.IsFinite(value))
        {
            _rejected++;
            return;
        }

        var minIndexable = _mapping.MinIndexableValue;
        if (value > minIndexable)
        {
            _positive.Add(_mapping.Index(value), 1);
        }
        else if (value < -minIndexable)
        {
            Negative.Add(_mapping.Index(-value), 1);
        }
        else
        {
            _zeroCount++;
        }

        _count++;
        _sum += value;
        if (value < _min)
        {
            _min = value;
        }

        if (value > _max)
        {
            _max = value;
        }
    }

    /// <summary>Adds a value <paramref name="count"/> times (0 does nothing).</summary>
    /// <remarks>NaN and infinities are ignored and add <paramref name="count"/> to <see cref="RejectedValues"/>.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public void Add(double value, long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
        {
            return;
        }

        if (!double.IsFinite(value))
        {
            _rejected += count;
            return;
        }

        var minIndexable = _mapping.MinIndexableValue;
        if (value > minIndexable)
        {
            _positive.Add(_mapping.Index(value), count);
        }
        else if (value < -minIndexable)
        {
            Negative.Add(_mapping.Index(-value), count);
        }
        else
        {
            _zeroCount += count;
        }

        _count += count;
        _sum += value * count;
        _min = Math.Min(_min, value);
        _max = Math.Max(_max, value);
    }

    /// <summary>
    /// The value at quantile <paramref name="q"/>, within <see cref="RelativeAccuracy"/> of the value of rank
    /// floor(q (Count - 1)) in sorted order; NaN when empty.
    /// </summary>
    /// <remarks>
    /// Lower-rank convention of DDSketch (no interpolation). q = 0 and q = 1 return the exact Min and Max; other
    /// results are clamped to [Min, Max]. Cost: one pass over the bins (at most 2 x MaxBins), no allocation.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="q"/> is outside [0, 1] or NaN.</exception>
    public double GetQuantile(double q)
    {
        if (!(q >= 0 && q <= 1))
        {
            ThrowQuantileOutOfRange(q);
        }

        if (_count == 0)
        {
            return double.NaN;
        }

        if (q == 0)
        {
            return _min;
        }

        if (q == 1)
        {
            return _max;
        }

        var rank = q * (_count - 1);
        var negativeCount = NegativeView.TotalCount;
        double value;
        if (rank < negativeCount)
        {
            // Ascending values among negatives are descending indices of their magnitudes.
            value = -_mapping.Value(NegativeView.IndexAtRankDescending(rank));
        }
        else if (rank < negativeCount + _zeroCount)
        {
            value = 0;
        }
        else
        {
            value = _mapping.Value(_positive.IndexAtRankAscending(rank - negativeCount - _zeroCount));
        }

        return Math.Clamp(value, _min, _max);
    }

    /// <summary>
    /// The quantiles every metric row reports (0.50, 0.90, 0.95, 0.99), each bit-identical to
    /// <see cref="GetQuantile"/>, with one walk over the bins instead of four and no allocation.
    /// </summary>
    internal void GetReportedQuantiles(out double p50, out double p90, out double p95, out double p99)
    {
        Span<int> indices = stackalloc int[4];
        if (_count > 0 && _zeroCount == 0 && NegativeView.IsEmpty)
        {
            // The same ranks GetQuantile computes, in descending order.
            var last = _count - 1;
            ReadOnlySpan<double> ranks = [0.99 * last, 0.95 * last, 0.90 * last, 0.50 * last];
            if (_positive.TryIndicesAtRanksDescending(ranks, indices))
            {
                p99 = Math.Clamp(_mapping.Value(indices[0]), _min, _max);
                p95 = Math.Clamp(_mapping.Value(indices[1]), _min, _max);
                p90 = Math.Clamp(_mapping.Value(indices[2]), _min, _max);
                p50 = Math.Clamp(_mapping.Value(indices[3]), _min, _max);
                return;
            }
        }

        p50 = GetQuantile(0.50);
        p90 = GetQuantile(0.90);
        p95 = GetQuantile(0.95);
        p99 = GetQuantile(0.99);
    }

    /// <summary>Adds every value of <paramref name="other"/> to this sketch (other is unchanged; may be this).</summary>
    /// <remarks>
    /// Exact for Count, Sum, Min, Max and bins: the result equals one sketch fed both inputs (up to the order of the
    /// floating-point additions in Sum, and collapsing when the combined range exceeds <see cref="MaxBins"/>).
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    /// <exception cref="ArgumentException">The sketches have different relative accuracies.</exception>
    public void MergeWith(DDSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._mapping.Multiplier != _mapping.Multiplier)
        {
            throw new ArgumentException(
                "Cannot merge sketches with different relative accuracies (their bins differ).", nameof(other));
        }

        if (other._count == 0)
        {
            _rejected += other._rejected;
            return;
        }

        _positive.MergeFrom(other._positive);
        if (!other.NegativeView.IsEmpty)
        {
            Negative.MergeFrom(other.NegativeView);
        }

        _zeroCount += other._zeroCount;
        _count += other._count;
        _sum += other._sum;
        _rejected += other._rejected;
        _min = Math.Min(_min, other._min);
        _max = Math.Max(_max, other._max);
    }

    /// <summary>Empties the sketch, keeping its bin arrays so it can be reused without allocating.</summary>
    public void Clear()
    {
        _positive.Clear();
        _negativeStore?.Clear();
        _zeroCount = 0;
        _count = 0;
        _rejected = 0;
        _sum = 0;
        _min = double.PositiveInfinity;
        _max = double.NegativeInfinity;
    }

    [DoesNotReturn]
    private static void ThrowQuantileOutOfRange(double q) =>
        throw new ArgumentOutOfRangeException(nameof(q), q, "The quantile must be in [0, 1].");
}
