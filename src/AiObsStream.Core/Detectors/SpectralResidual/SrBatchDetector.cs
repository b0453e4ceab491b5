namespace AiObsStream.Core.Detectors.SpectralResidual;

/// <summary>
/// Whole-series spectral-residual anomaly detector with the semantics of ML.NET's <c>DetectEntireAnomalyBySrCnn</c>
/// (dotnet/machinelearning src/Microsoft.ML.TimeSeries/SrCnnEntireAnomalyDetector.cs), after Ren et al.,
/// "Time-Series Anomaly Detection Service at Microsoft", KDD 2019 (SR spec §3.3-3.9).
/// </summary>
/// <remarks>
/// <para>The input is cut into consecutive batches of <see cref="SrBatchOptions.BatchSize"/> points (−1: one batch),
/// each scored independently in double precision. A final batch shorter than 12 points is scored by re-running the
/// previous batch's last points followed by the short batch and keeping the tail; an input whose first batch has
/// fewer than 12 points is rejected.</para>
/// <para>Unlike ML.NET (whose margin step can fail with an index error on NaN), non-finite input is rejected up front.</para>
/// <para>Thread-safe for concurrent <see cref="Detect(ReadOnlySpan{double})"/> calls: every call uses its own buffers.</para>
/// </remarks>
public sealed class SrBatchDetector
{
    private readonly SrBatchOptions _options;

    /// <summary>Creates a detector; <paramref name="options"/> defaults to ML.NET's options-class defaults.</summary>
    /// <param name="options">The detector parameters.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (see <see cref="SrBatchOptions.Validate"/>).</exception>
    public SrBatchDetector(SrBatchOptions? options = null)
    {
        _options = options ?? new SrBatchOptions();
        _options.Validate();
    }

    /// <summary>The validated parameters.</summary>
    public SrBatchOptions Options => _options;

    /// <summary>Scores a whole series.</summary>
    /// <param name="values">The series (finite values).</param>
    /// <returns>One point per value (empty for an empty input).</returns>
    /// <exception cref="ArgumentException">A value is NaN or infinite, or the first batch has fewer than 12 points.</exception>
    public SrBatchPoint[] Detect(ReadOnlySpan<double> values)
    {
        var results = new SrBatchPoint[values.Length];
        Detect(values, results);
        return results;
    }

    /// <summary>Scores a whole series into <paramref name="results"/>.</summary>
    /// <param name="values">The series (finite values).</param>
    /// <param name="results">Receives one point per value.</param>
    /// <exception cref="ArgumentException">See <see cref="Detect(ReadOnlySpan{double})"/>; or <paramref name="results"/> is too short.</exception>
    public void Detect(ReadOnlySpan<double> values, Span<SrBatchPoint> results)
    {
        if (results.Length < values.Length)
        {
            throw new ArgumentException("The result span is shorter than the input.", nameof(results));
        }

        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"values[{i}] is {values[i]}: the batch detector needs finite input.", nameof(values));
            }
        }

        int batchSize = _options.BatchSize == -1 ? Math.Max(values.Length, 1) : _options.BatchSize;
        var modeler = new SrBatchModeler(_options);
        ReadOnlySpan<double> previous = default;
        for (int offset = 0; offset < values.Length; offset += batchSize)
        {
            ReadOnlySpan<double> batch = values.Slice(offset, Math.Min(batchSize, values.Length - offset));
            if (batch.Length >= SrBatchModeler.MinBatchSize)
            {
                modeler.Run(batch.ToArray(), results.Slice(offset, batch.Length));
            }
            else if (previous.IsEmpty)
            {
                throw new ArgumentException("The input must contain no less than 12 points.", nameof(values));
            }
            else
            {
                ScoreShortBatch(modeler, previous, batch, results.Slice(offset, batch.Length));
            }

            previous = batch;
        }
    }

    private static void ScoreShortBatch(
        SrBatchModeler modeler, ReadOnlySpan<double> previous, ReadOnlySpan<double> batch, Span<SrBatchPoint> results)
    {
        // Drop the first len(batch) points of the previous batch, append the short batch, keep the tail results.
        int keep = previous.Length - batch.Length;
        var combined = new double[previous.Length];
        previous[batch.Length..].CopyTo(combined);
        batch.CopyTo(combined.AsSpan(keep));
        var scratch = new SrBatchPoint[combined.Length];
        modeler.Run(combined, scratch);
        scratch.AsSpan(keep).CopyTo(results);
    }
}
