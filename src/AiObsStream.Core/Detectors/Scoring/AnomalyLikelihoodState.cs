namespace AiObsStream.Core.Detectors.Scoring;

/// <summary>
/// The per-series state of <see cref="AnomalyLikelihoodScorer"/>: the last A raw scores (short moving average), a ring
/// of ⌊H / R⌋ block summaries (count R, mean, M2) of the averaged scores plus the current partial block, the fitted
/// Gaussian, the previous unfiltered tail probability and the point counter.
/// </summary>
/// <remarks>
/// <para>Numenta keeps the last H raw records (8640) and re-fits from them every R points; this state keeps only one
/// (mean, M2) pair per R-point block and merges them with Chan et al.'s parallel-variance formula, which gives the
/// same mean and population variance over whole blocks at O(H / R) memory. With the defaults (A = 10, H = 8640,
/// R = 100) that is 4·10 + 16·86 = 1,416 B of arrays, about 1.6 KB allocated per state on x64 with its object headers, and
/// <see cref="WriteTo"/> writes at most 1,494 B.</para>
/// <para>Not thread-safe; a state belongs to one series and is updated by one thread at a time.</para>
/// </remarks>
public sealed class AnomalyLikelihoodState
{
    /// <summary>Version byte written first by <see cref="WriteTo"/>.</summary>
    public const byte FormatVersion = 1;

    private readonly float[] _recent;
    private readonly double[] _blockMean;
    private readonly double[] _blockM2;
    private int _recentNext;
    private int _recentCount;
    private int _blockNext;
    private int _blocksFilled;
    private int _partialCount;
    private double _partialMean;
    private double _partialM2;

    /// <summary>Creates an empty state.</summary>
    /// <param name="averagingWindow">A, at least 1.</param>
    /// <param name="historyBlocks">⌊H / R⌋, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1.</exception>
    public AnomalyLikelihoodState(int averagingWindow, int historyBlocks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(averagingWindow, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(historyBlocks, 1);
        _recent = new float[averagingWindow];
        _blockMean = new double[historyBlocks];
        _blockM2 = new double[historyBlocks];
        PreviousTail = 1.0;
    }

    /// <summary>Points seen so far.</summary>
    public long Iteration { get; internal set; }

    /// <summary>The short moving-average length A.</summary>
    public int AveragingWindow => _recent.Length;

    /// <summary>The number of block summaries ⌊H / R⌋.</summary>
    public int HistoryBlocks => _blockMean.Length;

    /// <summary>True once a distribution was fitted.</summary>
    public bool HasDistribution { get; internal set; }

    /// <summary>Mean of the fitted Gaussian (after the floor).</summary>
    public double Mean { get; internal set; }

    /// <summary>Standard deviation of the fitted Gaussian (after the variance floor).</summary>
    public double StandardDeviation { get; internal set; }

    /// <summary>The unfiltered tail probability of the previous point (1 before the first).</summary>
    internal double PreviousTail { get; set; }

    /// <summary>Adds a raw score to the short window and returns the mean of the (up to A) newest raw scores.</summary>
    internal double PushRecent(float raw)
    {
        _recent[_recentNext] = raw;
        _recentNext = _recentNext + 1 == _recent.Length ? 0 : _recentNext + 1;
        if (_recentCount < _recent.Length)
        {
            _recentCount++;
        }

        // Summed afresh each time (A is small): no running-total drift, and the state needs no total to serialize.
        double total = 0;
        for (int i = 0; i < _recentCount; i++)
        {
            total += _recent[i];
        }

        return total / _recentCount;
    }

    /// <summary>Adds an averaged score to the history; closes the block after <paramref name="blockSize"/> points.</summary>
    internal void Accumulate(double averaged, int blockSize)
    {
        _partialCount++;
        double delta = averaged - _partialMean;
        _partialMean += delta / _partialCount;
        _partialM2 += delta * (averaged - _partialMean);
        if (_partialCount < blockSize)
        {
            return;
        }

        _blockMean[_blockNext] = _partialMean;
        _blockM2[_blockNext] = _partialM2;
        _blockNext = _blockNext + 1 == _blockMean.Length ? 0 : _blockNext + 1;
        _blocksFilled = Math.Min(_blocksFilled + 1, _blockMean.Length);
        _partialCount = 0;
        _partialMean = 0;
        _partialM2 = 0;
    }

    /// <summary>Mean and population variance of the history (whole blocks of <paramref name="blockSize"/> plus the
    /// partial block); count 0 when empty.</summary>
    internal (long Count, double Mean, double Variance) Summarize(int blockSize)
    {
        long count = _partialCount;
        double mean = _partialMean;
        double m2 = _partialM2;
        for (int b = 0; b < _blocksFilled; b++)
        {
            // Chan et al.: merge (count, mean, m2) with a block of blockSize points.
            long merged = count + blockSize;
            double delta = _blockMean[b] - mean;
            mean += delta * blockSize / merged;
            m2 += _blockM2[b] + (delta * delta * count * blockSize / merged);
            count = merged;
        }

        return count == 0 ? (0, 0, 0) : (count, mean, m2 / count);
    }

    /// <summary>Forgets everything.</summary>
    public void Reset()
    {
        Array.Clear(_recent);
        Array.Clear(_blockMean);
        Array.Clear(_blockM2);
        _recentNext = _recentCount = _blockNext = _blocksFilled = _partialCount = 0;
        _partialMean = _partialM2 = 0;
        Iteration = 0;
        HasDistribution = false;
        Mean = StandardDeviation = 0;
        PreviousTail = 1.0;
    }

    /// <summary>Writes the state: version, sizes, counters, the filled part of each ring, the partial block and the
    /// distribution: 78 + 4·(scores in the short window) + 16·(filled blocks) bytes.</summary>
    /// <param name="writer">The destination.</param>
    public void WriteTo(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(FormatVersion);
        writer.Write(_recent.Length);
        writer.Write(_blockMean.Length);
        writer.Write(Iteration);
        writer.Write(_recentNext);
        writer.Write(_recentCount);
        writer.Write(_blockNext);
        writer.Write(_blocksFilled);
        for (int i = 0; i < _recentCount; i++)
        {
            writer.Write(_recent[i]);
        }

        for (int b = 0; b < _blocksFilled; b++)
        {
            writer.Write(_blockMean[b]);
            writer.Write(_blockM2[b]);
        }

        writer.Write(_partialCount);
        writer.Write(_partialMean);
        writer.Write(_partialM2);
        writer.Write(HasDistribution);
        writer.Write(Mean);
        writer.Write(StandardDeviation);
        writer.Write(PreviousTail);
    }

    /// <summary>Reads a state written by <see cref="WriteTo"/>.</summary>
    /// <param name="reader">The source.</param>
    /// <returns>The restored state.</returns>
    /// <exception cref="InvalidDataException">Unknown version or inconsistent sizes.</exception>
    public static AnomalyLikelihoodState ReadFrom(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        byte version = reader.ReadByte();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"AnomalyLikelihoodState: unsupported format version {version} (expected {FormatVersion}).");
        }

        int window = reader.ReadInt32();
        int blocks = reader.ReadInt32();
        long iteration = reader.ReadInt64();
        int recentNext = reader.ReadInt32();
        int recentCount = reader.ReadInt32();
        int blockNext = reader.ReadInt32();
        int blocksFilled = reader.ReadInt32();
        if (window < 1 || blocks < 1 || iteration < 0 || (uint)recentNext >= (uint)window || recentCount < 0
            || recentCount > window || (uint)blockNext >= (uint)blocks || blocksFilled < 0 || blocksFilled > blocks)
        {
            throw new InvalidDataException($"AnomalyLikelihoodState: invalid sizes (window {window}, blocks {blocks}, "
                + $"recent {recentNext}/{recentCount}, block {blockNext}/{blocksFilled}).");
        }

        var state = new AnomalyLikelihoodState(window, blocks)
        {
            Iteration = iteration, _recentNext = recentNext, _recentCount = recentCount, _blockNext = blockNext,
            _blocksFilled = blocksFilled,
        };
        for (int i = 0; i < recentCount; i++)
        {
            state._recent[i] = reader.ReadSingle();
        }

        for (int b = 0; b < blocksFilled; b++)
        {
            state._blockMean[b] = reader.ReadDouble();
            state._blockM2[b] = reader.ReadDouble();
        }

        state._partialCount = reader.ReadInt32();
        if (state._partialCount < 0)
        {
            throw new InvalidDataException($"AnomalyLikelihoodState: invalid partial block count {state._partialCount}.");
        }

        state._partialMean = reader.ReadDouble();
        state._partialM2 = reader.ReadDouble();
        state.HasDistribution = reader.ReadBoolean();
        state.Mean = reader.ReadDouble();
        state.StandardDeviation = reader.ReadDouble();
        state.PreviousTail = reader.ReadDouble();
        return state;
    }
}
