namespace AiObsStream.Core.Evaluation.Nab;

/// <summary>One labelled NAB series: its rows (timestamp, value) and its anomaly windows.</summary>
/// <remarks>
/// <para>Windows are resolved to rows exactly as NAB's sweeper does (numenta/NAB <c>nab/sweeper.py</c>,
/// <c>calcSweepScore</c>): rows are walked in file order; a window is entered at the first row whose timestamp equals
/// the next window's start; its right edge is the first row anywhere in the series holding its end timestamp; it is
/// left at the row whose timestamp equals its end. NAB's files are not strictly increasing (duplicated and backward
/// DST hours), which is why this is not a binary search.</para>
/// <para>Immutable after construction; the arrays are owned by the series and must not be changed by the caller.</para>
/// </remarks>
public sealed class NabSeries
{
    private readonly long[] _timestamps;
    private readonly double[] _values;
    private readonly NabWindowRange[] _ranges;

    /// <summary>Creates a series.</summary>
    /// <param name="name">Relative path in the corpus (for example <c>realKnownCause/nyc_taxi.csv</c>).</param>
    /// <param name="timestampsUnixMs">Row timestamps, Unix ms UTC, in file order.</param>
    /// <param name="values">Row values, same length as <paramref name="timestampsUnixMs"/>.</param>
    /// <param name="windows">The labelled windows, in time order.</param>
    /// <param name="probationPercent">Probationary fraction (NAB: 0.15).</param>
    /// <exception cref="ArgumentException">Lengths differ, or a window timestamp is not a row of the series, ends before
    /// it starts, or overlaps the previous window (the message names the window).</exception>
    public NabSeries(string name, long[] timestampsUnixMs, double[] values, IReadOnlyList<NabWindow> windows,
        double probationPercent = NabMath.DefaultProbationPercent)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(timestampsUnixMs);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(windows);
        if (timestampsUnixMs.Length != values.Length)
        {
            throw new ArgumentException($"{name}: {timestampsUnixMs.Length} timestamps but {values.Length} values.", nameof(values));
        }

        Name = name;
        _timestamps = timestampsUnixMs;
        _values = values;
        Windows = [.. windows];
        ProbationaryLength = NabMath.ProbationaryLength(values.Length, probationPercent);
        _ranges = NabWindowResolver.Resolve(name, timestampsUnixMs, Windows);
        WindowRanges = _ranges;
    }

    /// <summary>Relative path of the series in the corpus; also the prefix of its window names.</summary>
    public string Name { get; }

    /// <summary>Row timestamps (Unix ms, UTC), in file order.</summary>
    public ReadOnlySpan<long> TimestampsUnixMs => _timestamps;

    /// <summary>Row values, in file order.</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>The labelled windows, as given.</summary>
    public IReadOnlyList<NabWindow> Windows { get; }

    /// <summary>The windows resolved to rows (one per window, same order).</summary>
    public IReadOnlyList<NabWindowRange> WindowRanges { get; }

    /// <summary>Number of rows.</summary>
    public int Length => _values.Length;

    /// <summary>Leading rows that are not scored: <c>min(floor(0.15·n), 750)</c> by default.</summary>
    public int ProbationaryLength { get; }

    internal NabWindowRange[] Ranges => _ranges;
}
