namespace AiObsStream.Core.Detectors.SpectralResidual;

/// <summary>
/// De-seasonalisation for the batch detector (ML.NET Deseasonality/*Deseasonality.cs; SR spec §3.7):
/// returns the series minus its seasonal (and, for STL, trend) component.
/// </summary>
internal static class SrDeseasonalizer
{
    /// <summary>The residual of <paramref name="values"/> for <paramref name="period"/> under <paramref name="mode"/>.</summary>
    public static double[] Residual(double[] values, int period, SrDeseasonalityMode mode)
    {
        switch (mode)
        {
            case SrDeseasonalityMode.Mean:
                return MinusPhaseStatistic(values, period, useMedian: false);
            case SrDeseasonalityMode.Median:
                return MinusPhaseStatistic(values, period, useMedian: true);
            default:
                // STL "fails" when a smoothed cycle-subseries value is NaN; then the Median method is used.
                return StlDecomposer.TryResidual(values, period, out double[] residual)
                    ? residual
                    : MinusPhaseStatistic(values, period, useMedian: true);
        }
    }

    /// <summary>v[i] − stat(phase i mod P): mean (quirk Q9: per-phase count rule) or upper median without averaging.</summary>
    private static double[] MinusPhaseStatistic(double[] values, int period, bool useMedian)
    {
        int n = values.Length;
        var component = new double[period];
        var phase = new List<double>((n / period) + 1);
        for (int j = 0; j < period && j < n; j++)
        {
            phase.Clear();
            for (int i = j; i < n; i += period)
            {
                phase.Add(values[i]);
            }

            if (useMedian)
            {
                phase.Sort();
                component[j] = phase[phase.Count / 2];
            }
            else
            {
                double sum = 0;
                foreach (double v in phase)
                {
                    sum += v;
                }

                component[j] = sum / phase.Count;
            }
        }

        var residual = new double[n];
        for (int i = 0; i < n; i++)
        {
            residual[i] = values[i] - component[i % period];
        }

        return residual;
    }
}
