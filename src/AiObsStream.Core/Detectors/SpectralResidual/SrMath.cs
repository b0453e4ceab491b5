using System.Numerics;

namespace AiObsStream.Core.Detectors.SpectralResidual;

/// <summary>
/// Numerical helpers shared by the SR detectors, reproducing ML.NET's <c>AverageFilter</c> and <c>PredictNext</c>
/// (dotnet/machinelearning SrCnnAnomalyDetectionBase.cs, SrCnnEntireAnomalyDetector.cs) operation for operation,
/// so that rounding matches: the trailing mean is a difference of running cumulative sums, not a fresh sum.
/// </summary>
internal static class SrMath
{
    /// <summary>
    /// Trailing mean over <paramref name="window"/> points, prefix-averaged below the window, in the arithmetic of
    /// <typeparamref name="T"/>: float32 for the streaming detectors, float64 for the batch one (the same recurrence).
    /// </summary>
    public static void TrailingMean<T>(ReadOnlySpan<T> data, int window, Span<T> result)
        where T : IFloatingPointIeee754<T>
    {
        T cumsum = T.Zero;
        for (int i = 0; i < data.Length; i++)
        {
            cumsum += data[i];
            result[i] = cumsum;
        }

        // Walk backwards so that result[i - window] still holds the cumulative sum when it is read.
        T divisor = T.CreateChecked(window);
        for (int i = data.Length - 1; i >= window; i--)
        {
            result[i] = (result[i] - result[i - window]) / divisor;
        }

        for (int i = 1; i < window && i < data.Length; i++)
        {
            result[i] /= T.CreateChecked(i + 1);
        }
    }

    /// <summary>The value <see cref="TrailingMean{T}(ReadOnlySpan{T}, int, Span{T})"/> (float32) would give at <paramref name="index"/>.</summary>
    public static float TrailingMeanAt(ReadOnlySpan<float> data, int window, int index)
    {
        float cumsum = 0f;
        float shifted = 0f;
        for (int i = 0; i <= index; i++)
        {
            cumsum += data[i];
            if (i == index - window)
            {
                shifted = cumsum;
            }
        }

        if (index >= window)
        {
            return (cumsum - shifted) / window;
        }

        return index == 0 ? cumsum : cumsum / (index + 1);
    }

    /// <summary>ML.NET's extrapolation: v[1] + Σ_{i&lt;m} (v[m] − v[i]) / (m − i) over v = x[N−m−2 .. N−2] (quirk Q1).</summary>
    public static double PredictNext(ReadOnlySpan<double> series, int lookahead)
    {
        int start = series.Length - lookahead - 2;
        double newest = series[start + lookahead];
        double slopeSum = 0;
        for (int i = 0; i < lookahead; i++)
        {
            slopeSum += (newest - series[start + i]) / (lookahead - i);
        }

        return series[start + 1] + slopeSum;
    }

    /// <summary>
    /// Fills <paramref name="buffer"/>[<paramref name="real"/>..] with the extrapolation of the first <paramref name="real"/>
    /// values: ML.NET <c>PredictNext</c> / reference <c>extend_series</c> over v = x[real−m−2 .. real−2] (the newest point is
    /// not used, quirk Q1): v[1] + Σ_{i&lt;m} (v[m] − v[i]) / (m − i), in float32. Shared by SR and SR-CNN.
    /// </summary>
    public static void Extrapolate(Span<float> buffer, int real, int lookahead)
    {
        int start = real - lookahead - 2;
        float newest = buffer[start + lookahead];
        float slopeSum = 0f;
        for (int i = 0; i < lookahead; i++)
        {
            slopeSum += (newest - buffer[start + i]) / (lookahead - i);
        }

        buffer[real..].Fill(buffer[start + 1] + slopeSum);
    }
}
