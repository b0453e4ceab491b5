namespace AiObsStream.Core.Detectors.SpectralResidual;

/// <summary>Parameters of <see cref="SrStreamingDetector"/>; defaults are ML.NET's catalog defaults.</summary>
/// <remarks>
/// Mirrors <c>mlContext.Transforms.DetectAnomalyBySrCnn(windowSize: 64, backAddWindowSize: 5, lookaheadWindowSize: 5,
/// averagingWindowSize: 3, judgementWindowSize: 21, threshold: 0.3)</c> (dotnet/machinelearning,
/// src/Microsoft.ML.TimeSeries/SrCnnTransformBase.cs). ML.NET's entry-point <c>Options</c> defaults the window to 24;
/// the catalog method (and this type) use 64.
/// </remarks>
public sealed record SrStreamingOptions
{
    /// <summary>Sliding-window length W (points fed to the FFT before extrapolation). Default 64.</summary>
    public int WindowSize { get; init; } = 64;

    /// <summary>Number of extrapolated points appended to the window (κ). Default 5.</summary>
    public int BackAddWindowSize { get; init; } = 5;

    /// <summary>Number of points used to extrapolate (m). Default 5.</summary>
    public int LookaheadWindowSize { get; init; } = 5;

    /// <summary>Trailing moving-average length over the log amplitude spectrum (q). Default 3.</summary>
    public int AveragingWindowSize { get; init; } = 3;

    /// <summary>Trailing moving-average length over the saliency map (z). Default 21.</summary>
    public int JudgementWindowSize { get; init; } = 21;

    /// <summary>Alert threshold on the clipped score, exclusive range (0, 1). Default 0.3.</summary>
    public double Threshold { get; init; } = 0.3;

    /// <summary>Checks the arguments exactly as ML.NET does, plus W ≥ lookahead + 2.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its range; the parameter name says which.</exception>
    public void Validate()
    {
        if (BackAddWindowSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(BackAddWindowSize), BackAddWindowSize, "Must be greater than 0.");
        }

        CheckWindow(LookaheadWindowSize, nameof(LookaheadWindowSize));
        CheckWindow(AveragingWindowSize, nameof(AveragingWindowSize));
        CheckWindow(JudgementWindowSize, nameof(JudgementWindowSize));
        if (!(Threshold > 0 && Threshold < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "Must be in (0,1).");
        }

        // Not checked by ML.NET, but its extrapolation reads x[W-m-2 .. W-2] and fails for smaller windows.
        if (WindowSize < LookaheadWindowSize + 2)
        {
            throw new ArgumentOutOfRangeException(nameof(WindowSize), WindowSize, "Must be at least LookaheadWindowSize + 2.");
        }
    }

    private void CheckWindow(int value, string name)
    {
        if (value <= 0 || value > WindowSize)
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be in (0, WindowSize].");
        }
    }
}
