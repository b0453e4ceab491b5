namespace AiObsStream.Core.Detectors.Scoring;

/// <summary>The per-series state of <see cref="ScorePostProcessor"/>: the likelihood state plus the value range seen.</summary>
/// <remarks>
/// 1,648 B allocated per state with the default options on x64 (BenchmarkDotNet, ScorePostProcessorBenchmarks;
/// the likelihood state's arrays dominate, see
/// <see cref="AnomalyLikelihoodState"/>); <see cref="WriteTo"/> writes at most 1,519 B with the defaults. Not
/// thread-safe; a state belongs to one series.
/// </remarks>
public sealed class ScorePostProcessorState
{
    /// <summary>Version byte written first by <see cref="WriteTo"/>.</summary>
    public const byte FormatVersion = 1;

    /// <summary>Creates a state around a likelihood state.</summary>
    /// <param name="likelihood">The likelihood stage's state.</param>
    public ScorePostProcessorState(AnomalyLikelihoodState likelihood)
    {
        ArgumentNullException.ThrowIfNull(likelihood);
        Likelihood = likelihood;
        Minimum = double.PositiveInfinity;
        Maximum = double.NegativeInfinity;
    }

    /// <summary>The likelihood stage's state.</summary>
    public AnomalyLikelihoodState Likelihood { get; }

    /// <summary>Points seen (including non-finite values).</summary>
    public long Count { get; internal set; }

    /// <summary>Smallest finite value seen (+∞ before the first).</summary>
    public double Minimum { get; internal set; }

    /// <summary>Largest finite value seen (−∞ before the first).</summary>
    public double Maximum { get; internal set; }

    /// <summary>Forgets everything.</summary>
    public void Reset()
    {
        Likelihood.Reset();
        Count = 0;
        Minimum = double.PositiveInfinity;
        Maximum = double.NegativeInfinity;
    }

    /// <summary>Writes the state: version, count, min, max, then the likelihood state.</summary>
    /// <param name="writer">The destination.</param>
    public void WriteTo(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(FormatVersion);
        writer.Write(Count);
        writer.Write(Minimum);
        writer.Write(Maximum);
        Likelihood.WriteTo(writer);
    }

    /// <summary>Reads a state written by <see cref="WriteTo"/>.</summary>
    /// <param name="reader">The source.</param>
    /// <returns>The restored state.</returns>
    /// <exception cref="InvalidDataException">Unknown version or inconsistent values.</exception>
    public static ScorePostProcessorState ReadFrom(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        byte version = reader.ReadByte();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"ScorePostProcessorState: unsupported format version {version} (expected {FormatVersion}).");
        }

        long count = reader.ReadInt64();
        double min = reader.ReadDouble();
        double max = reader.ReadDouble();
        if (count < 0 || double.IsNaN(min) || double.IsNaN(max) || (min <= max) != double.IsFinite(min))
        {
            throw new InvalidDataException($"ScorePostProcessorState: invalid count {count} or range [{min}, {max}].");
        }

        return new ScorePostProcessorState(AnomalyLikelihoodState.ReadFrom(reader)) { Count = count, Minimum = min, Maximum = max };
    }
}
