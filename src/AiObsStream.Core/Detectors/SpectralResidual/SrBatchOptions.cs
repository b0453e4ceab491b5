namespace AiObsStream.Core.Detectors.SpectralResidual;

/// <summary>
/// Parameters of <see cref="SrBatchDetector"/>; defaults are those of ML.NET's <c>SrCnnEntireAnomalyDetectorOptions</c>
/// (threshold 0.3, batch 2000, sensitivity 70, AnomalyOnly, period 0, STL).
/// </summary>
/// <remarks>ML.NET's catalog overload <c>DetectEntireAnomalyBySrCnn(..., threshold, batchSize, sensitivity, detectMode)</c>
/// uses batch 1024 and sensitivity 99 instead (quirk Q10); pass those explicitly to reproduce it.</remarks>
public sealed record SrBatchOptions
{
    /// <summary>Score threshold in [0, 1]; a point is flagged when its clipped score is above it.</summary>
    public double Threshold { get; init; } = 0.3;

    /// <summary>Points per independent batch: −1 for the whole input, otherwise at least 12.</summary>
    public int BatchSize { get; init; } = 2000;

    /// <summary>Margin sensitivity in [0, 100] (AnomalyAndMargin): higher means narrower boundaries.</summary>
    public double Sensitivity { get; init; } = 70;

    /// <summary>What to compute.</summary>
    public SrDetectMode DetectMode { get; init; } = SrDetectMode.AnomalyOnly;

    /// <summary>Known period (points per cycle); 0 for none. See <see cref="SeasonalityDetector"/>.</summary>
    public int Period { get; init; }

    /// <summary>De-seasonalisation used when <see cref="Period"/> &gt; 0.</summary>
    public SrDeseasonalityMode DeseasonalityMode { get; init; } = SrDeseasonalityMode.Stl;

    /// <summary>Checks the arguments as ML.NET's <c>SrCnnEntireAnomalyDetector.CheckOptionArguments</c> does.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the parameter name says which.</exception>
    public void Validate()
    {
        if (Period < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Period), Period, "Must be an integer equal to or greater than 0.");
        }

        if (BatchSize != -1 && BatchSize < SrBatchModeler.MinBatchSize)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "Must be -1 or no less than 12.");
        }

        if (BatchSize != -1 && Period != 0 && BatchSize < 4L * Period)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "Must be at least four times the length of one period.");
        }

        if (!(Threshold >= 0 && Threshold <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "Must be in [0,1].");
        }

        if (!Enum.IsDefined(DetectMode))
        {
            throw new ArgumentOutOfRangeException(nameof(DetectMode), DetectMode, "Invalid detectMode.");
        }

        if (!Enum.IsDefined(DeseasonalityMode))
        {
            throw new ArgumentOutOfRangeException(nameof(DeseasonalityMode), DeseasonalityMode, "Invalid deseasonalityMode.");
        }

        if (!(Sensitivity >= 0 && Sensitivity <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(Sensitivity), Sensitivity, "Must be in [0,100].");
        }
    }
}
