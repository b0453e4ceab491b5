namespace AiObsStream.Core.Evaluation.Nab;

/// <summary>The scalar functions of NAB's scoring rules (numenta/NAB <c>nab/sweeper.py</c>).</summary>
public static class NabMath
{
    /// <summary>NAB's default probationary fraction of each series (0.15).</summary>
    public const double DefaultProbationPercent = 0.15;

    /// <summary>The unweighted reward of a detection at the very start of a window: <c>ScaledSigmoid(−1) = 0.98661…</c>.</summary>
    public static double MaxTp { get; } = ScaledSigmoid(-1.0);

    /// <summary>NAB's scaled sigmoid: −1 beyond relative position 3, else <c>2·σ(−5x) − 1</c>.</summary>
    /// <param name="relativePosition">Position relative to a window's right edge: −1 at the window start, 0 at its
    /// end, positive after it, in window widths.</param>
    /// <returns>A value in [−1, 1]: positive inside a window (earlier is larger), negative after it.</returns>
    public static double ScaledSigmoid(double relativePosition)
    {
        if (relativePosition > 3.0)
        {
            return -1.0;
        }

        return (2.0 / (1.0 + Math.Exp(5.0 * relativePosition))) - 1.0;
    }

    /// <summary>The number of leading rows NAB does not score: <c>min(floor(p·n), p·5000)</c>.</summary>
    /// <param name="rowCount">Rows in the series.</param>
    /// <param name="probationPercent">The probationary fraction (NAB: 0.15, so at most 750 rows).</param>
    /// <returns>The probationary length; rows with index ≥ this value are scored.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A negative row count or a fraction outside [0, 1].</exception>
    public static int ProbationaryLength(int rowCount, double probationPercent = DefaultProbationPercent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        if (!(probationPercent >= 0 && probationPercent <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probationPercent), probationPercent, "Must be in [0, 1].");
        }

        // Same double arithmetic as Python: floor(p * n) against p * 5000; rows with i >= that value are scored.
        double length = Math.Min(Math.Floor(probationPercent * rowCount), probationPercent * 5000);
        return (int)Math.Ceiling(length);
    }
}
