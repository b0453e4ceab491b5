namespace AiObsStream.Core.Security;

/// <summary>
/// An exponentially weighted mean and variance (West's incremental form): a baseline that follows slow change and
/// forgets old windows, in constant space.
/// </summary>
internal struct Ewma
{
    /// <summary>The weighted mean (0 before the first value).</summary>
    public double Mean;

    /// <summary>The weighted variance.</summary>
    public double Variance;

    /// <summary>Values folded in so far.</summary>
    public int Samples;

    /// <summary>The weighted standard deviation.</summary>
    public readonly double StdDev => Math.Sqrt(Variance);

    /// <summary>Folds <paramref name="value"/> in with weight <paramref name="alpha"/>; the first value sets the mean.</summary>
    public void Add(double value, double alpha)
    {
        if (Samples++ == 0)
        {
            Mean = value;
            Variance = 0;
            return;
        }

        var diff = value - Mean;
        var increment = alpha * diff;
        Mean += increment;
        Variance = (1 - alpha) * (Variance + (diff * increment));
    }
}
