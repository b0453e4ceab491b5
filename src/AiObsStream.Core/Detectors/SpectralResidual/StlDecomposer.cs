namespace AiObsStream.Core.Detectors.SpectralResidual;

/// <summary>
/// ML.NET's simplified STL (dotnet/machinelearning src/Microsoft.ML.TimeSeries/STL/InnerStl.cs; Cleveland et al. 1990,
/// inner loop only): n_s = 9, two inner passes, no robustness outer loop, FastLoess smoothers (SR spec §3.7).
/// </summary>
internal static class StlDecomposer
{
    private const int Ns = 9;
    private const int InnerPasses = 2;

    /// <summary>Computes y − S − T; returns false when a smoothed cycle-subseries value is NaN.</summary>
    /// <exception cref="ArgumentException">A cycle-subseries has fewer than 3 points (ML.NET throws too).</exception>
    public static bool TryResidual(double[] y, int period, out double[] residual)
    {
        int n = y.Length;
        if (n < 3 * period)
        {
            throw new ArgumentException(
                $"STL needs at least 3 points per cycle-subseries: {n} points for period {period}.", nameof(period));
        }

        var seasonal = new double[n];
        var trend = new double[n];
        var work = new double[n];
        var cycle = new double[n + (2 * period)];
        residual = [];
        for (int pass = 0; pass < InnerPasses; pass++)
        {
            for (int i = 0; i < n; i++)
            {
                work[i] = y[i] - trend[i];
            }

            if (!SmoothCycleSubseries(work, period, cycle))
            {
                return false;
            }

            double[] lowPass = LowPass(cycle, period);

            // Quirk: S[i] = c[i] − lowpass[i] with no offset of P into c (c starts with the extrapolated cycle).
            for (int i = 0; i < n; i++)
            {
                seasonal[i] = cycle[i] - lowPass[i];
                work[i] = y[i] - seasonal[i];
            }

            new FastLoess(work, TrendSpan(period)).EstimateAll(trend);
        }

        residual = new double[n];
        for (int i = 0; i < n; i++)
        {
            residual[i] = y[i] - seasonal[i] - trend[i];
        }

        return true;
    }

    private static bool SmoothCycleSubseries(double[] detrended, int period, double[] cycle)
    {
        int n = detrended.Length;
        int longest = ((n - 1) / period) + 1;
        var smoothed = new double[period][];
        var sub = new double[longest];
        for (int j = 0; j < period; j++)
        {
            int count = 0;
            for (int i = j; i < n; i += period)
            {
                sub[count++] = detrended[i];
            }

            var loess = new FastLoess(sub.AsSpan(0, count).ToArray(), Ns);
            var row = new double[count + 2];
            row[0] = loess.Estimate(-1.0);
            loess.EstimateAll(row.AsSpan(1, count));
            row[count + 1] = loess.Estimate(count);
            smoothed[j] = row;
        }

        // Interleave back: position i of every cycle, for i = 0 .. longest + 1 (n + 2P values in all).
        int index = 0;
        for (int i = 0; i < smoothed[0].Length; i++)
        {
            for (int j = 0; j < period; j++)
            {
                if (smoothed[j].Length <= i)
                {
                    break;
                }

                if (double.IsNaN(smoothed[j][i]))
                {
                    return false;
                }

                cycle[index++] = smoothed[j][i];
            }
        }

        return true;
    }

    private static double[] LowPass(double[] cycle, int period)
    {
        double[] c3 = MovingAverage(MovingAverage(MovingAverage(cycle, period), period), 3);
        var result = new double[c3.Length];
        new FastLoess(c3, period % 2 == 0 ? period + 1 : period).EstimateAll(result);
        return result;
    }

    private static int TrendSpan(int period)
    {
        int result = (int)(1.5 * period / (1.0 - (1.5 / Ns))) + 1;
        return result % 2 == 0 ? result + 1 : result;
    }

    private static double[] MovingAverage(double[] s, int length)
    {
        var result = new double[s.Length - length + 1];
        double partialSum = 0;
        for (int i = 0; i < length; i++)
        {
            partialSum += s[i];
        }

        for (int i = length; i < s.Length; i++)
        {
            result[i - length] = partialSum / length;
            partialSum = partialSum - s[i - length] + s[i];
        }

        result[^1] = partialSum / length;
        return result;
    }
}
