using MathNet.Numerics.IntegralTransforms;
using Complex = System.Numerics.Complex;

namespace AiObsStream.Core.Detectors.SpectralResidual;

/// <summary>Expected value, boundary unit and margin steps of the batch modeler (SR spec §3.5-3.6).</summary>
internal sealed partial class SrBatchModeler
{
    private const double BoundSensitivity = 93.0;
    private const double UnitForZero = 0.3;
    private const int MinPointsToFit = 4;

    /// <summary>Low-pass expected value of the de-anomalised series; adjusted to the data's sign when asked.</summary>
    private double[] ExpectedByFft(double[] values, double[] scores, bool adjust)
    {
        int n = values.Length;
        double[] data = Deanomalise(values, scores);
        var spectrum = new Complex[n];
        for (int i = 0; i < n; i++)
        {
            spectrum[i] = new Complex(data[i], 0);
        }

        // Zero the band 3n/8 < i < 5n/8 (strict, as ML.NET; the Python package also zeroes the end points).
        Fourier.Forward(spectrum, FourierOptions.Matlab);
        for (int i = 0; i < n; i++)
        {
            if (i > (double)n * 3 / 8 && i < (double)n * 5 / 8)
            {
                spectrum[i] = Complex.Zero;
            }
        }

        Fourier.Inverse(spectrum, FourierOptions.Matlab);
        var expected = new double[n];
        for (int i = 0; i < n; i++)
        {
            expected[i] = adjust ? AdjustToDataRange(spectrum[i].Real) : spectrum[i].Real;
        }

        return expected;
    }

    /// <summary>Replaces points scoring above 0.35 (quirk Q7) by a least-squares line through nearby normal points.</summary>
    private static double[] Deanomalise(double[] data, double[] scores)
    {
        int n = data.Length;
        var result = (double[])data.Clone();
        var isAnomaly = new bool[n];
        for (int i = 0; i < n; i++)
        {
            isAnomaly[i] = scores[i] > DeanomalyThreshold;
        }

        for (int idx = 0; idx < n; idx++)
        {
            if (!isAnomaly[idx])
            {
                continue;
            }

            int step = 1;
            int fitCount = CountFit(isAnomaly, idx, step);
            while (fitCount < MinPointsToFit && (idx - step > 0 || idx + step < n - 1))
            {
                step += 2;
                fitCount = CountFit(isAnomaly, idx, step);
            }

            if (fitCount > 1)
            {
                result[idx] = FitLine(data, isAnomaly, idx, step);
            }
        }

        return result;
    }

    private static int CountFit(bool[] isAnomaly, int idx, int step)
    {
        int count = 0;
        for (int i = Math.Max(idx - step, 0); i <= Math.Min(isAnomaly.Length - 1, idx + step); i++)
        {
            count += isAnomaly[i] ? 0 : 1;
        }

        return count;
    }

    private static double FitLine(double[] data, bool[] isAnomaly, int idx, int step)
    {
        double n = 0, sumX = 0, sumY = 0, sumXX = 0, sumXY = 0;
        for (int i = Math.Max(idx - step, 0); i <= Math.Min(data.Length - 1, idx + step); i++)
        {
            if (!isAnomaly[i])
            {
                n++;
                sumX += i;
                sumY += data[i];
                sumXX += (double)i * i;
                sumXY += i * data[i];
            }
        }

        double a = ((n * sumXY) - (sumX * sumY)) / ((n * sumXX) - (sumX * sumX));
        double b = ((sumXX * sumY) - (sumX * sumXY)) / ((n * sumXX) - (sumX * sumX));
        return (a * idx) + b;
    }

    /// <summary>Boundary unit from the two-ended median trend over non-flagged points (quirk Q5: signed zero test).</summary>
    private static void BoundaryUnits(double[] data, bool[] flags, double[] units)
    {
        int n = data.Length;
        var trend = new double[n];
        SrMedianTrend.Compute(data, Math.Min(n / 3, 512), trend);
        double fraction = 0.5;
        double trendSum = 0;
        int count = 0;
        bool closeToZero = true;
        for (int i = 0; i < n; i++)
        {
            if (!flags[i])
            {
                closeToZero = closeToZero && trend[i] < Eps;
                trendSum += Math.Abs(trend[i]);
                count++;
            }
        }

        // As in ML.NET, when every point is flagged closeToZero stays true, so the unit is 0.3.
        double averagePart = 0;
        if (count > 0)
        {
            averagePart = trendSum / count * (1 - fraction);
        }
        else
        {
            fraction = 1.0;
        }

        for (int i = 0; i < n; i++)
        {
            units[i] = closeToZero ? UnitForZero : averagePart + (Math.Abs(trend[i]) * fraction);
            if (double.IsInfinity(units[i]))
            {
                throw new ArithmeticException("Not finite unit value");
            }
        }
    }

    private static double AdjustToBound(double value, double expected, double unit)
    {
        double boundMargin = SrSensitivity.Margin(unit, BoundSensitivity);
        return Math.Max(Math.Min(expected, value + boundMargin), value - boundMargin);
    }

    /// <summary>AnomalyAndMargin without period; returns the expected values and fills the other outputs.</summary>
    private double[] Margin(double[] values, bool[] flags, double[] scores, double[] units, double[] upper, double[] lower)
    {
        double[] raw = ExpectedByFft(values, scores, adjust: false);
        BoundaryUnits(values, flags, units);
        var expected = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double margin = SrSensitivity.Margin(units[i], _options.Sensitivity);
            expected[i] = AdjustToDataRange(raw[i]);
            upper[i] = raw[i] + margin;
            lower[i] = raw[i] - margin;

            // The score uses the SR flag before the boundary check (quirk Q8).
            scores[i] = SrSensitivity.AnomalyScore(values[i], raw[i], units[i], flags[i]);
            flags[i] = flags[i] && (values[i] < lower[i] || values[i] > upper[i]);
            if (!flags[i])
            {
                expected[i] = AdjustToBound(values[i], expected[i], units[i]);
                upper[i] = expected[i] + margin;
                lower[i] = expected[i] - margin;
            }
        }

        return expected;
    }
}
