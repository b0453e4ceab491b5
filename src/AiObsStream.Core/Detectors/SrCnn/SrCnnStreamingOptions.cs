namespace AiObsStream.Core.Detectors.SrCnn;

/// <summary>Parameters of <see cref="SrCnnStreamingDetector"/>; defaults follow the SR-CNN reference evaluation.</summary>
/// <remarks>
/// The reference (microsoft/anomalydetector <c>srcnn/utils.py</c> <c>sr_cnn_eval</c>) feeds the network the last
/// w − κ real points followed by κ = 5 points extrapolated from m = 5 (<c>extend_series</c>, the same predictor as
/// ML.NET's streaming SR). The averaging window of the saliency is fixed at q = 3 by the reference.
/// </remarks>
public sealed record SrCnnStreamingOptions
{
    /// <summary>Number of extrapolated points appended to the real points (κ). Default 5.</summary>
    public int BackAddWindowSize { get; init; } = 5;

    /// <summary>Number of points used to extrapolate (m). Default 5.</summary>
    public int LookaheadWindowSize { get; init; } = 5;

    /// <summary>Alert threshold on the network probability, in (0, 1); null = the threshold stored in the model.</summary>
    public double? Threshold { get; init; }

    /// <summary>Checks the parameters against a network window of <paramref name="window"/> points.</summary>
    /// <param name="window">The model's window w.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range; the parameter name says which.</exception>
    public void Validate(int window)
    {
        if (BackAddWindowSize <= 0)
        {
            throw OutOfRange(nameof(BackAddWindowSize), BackAddWindowSize, "Must be greater than 0.");
        }

        if (LookaheadWindowSize <= 0)
        {
            throw OutOfRange(nameof(LookaheadWindowSize), LookaheadWindowSize, "Must be greater than 0.");
        }

        if (Threshold is double t && !(t > 0 && t < 1))
        {
            throw OutOfRange(nameof(Threshold), t, "Must be in (0,1).");
        }

        // The extrapolation reads x[n-m-2 .. n-2] of the n = w - κ real points.
        if (window - BackAddWindowSize < LookaheadWindowSize + 2)
        {
            throw OutOfRange(
                nameof(BackAddWindowSize), BackAddWindowSize, $"The model window {window} minus BackAddWindowSize must be at least LookaheadWindowSize + 2.");
        }
    }

    // The option properties are the parameter names callers map to CLI options (CA2208 expects method parameters).
    private static ArgumentOutOfRangeException OutOfRange(string name, object value, string message) => new(name, value, message);
}
