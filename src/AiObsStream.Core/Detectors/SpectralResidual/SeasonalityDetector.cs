using MathNet.Numerics.Distributions;
using MathNet.Numerics.IntegralTransforms;
using Complex = System.Numerics.Complex;

namespace AiObsStream.Core.Detectors.SpectralResidual;

/// <summary>
/// Period detection with the semantics of ML.NET's <c>DetectSeasonality</c> (dotnet/machinelearning
/// src/Microsoft.ML.TimeSeries/SeasonalityDetector.cs; SR spec §3.8): periodogram peak, refined on the
/// autocorrelation, accepted by a correlogram randomness test.
/// </summary>
public static class SeasonalityDetector
{
    private const int MaxLag = 400;
    private const int MinRecurrentCount = 8;
    private const double MinEnergyThreshold = 1e-10;

    /// <summary>Detects the period of <paramref name="values"/>.</summary>
    /// <param name="values">The series.</param>
    /// <param name="windowSize">Use only the first this many values; −1 for all.</param>
    /// <param name="randomnessThreshold">Confidence in (0, 1) of the randomness test (default 0.95).</param>
    /// <returns>The period in points, or −1 when there is none.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A window below −1, or a threshold outside (0, 1).</exception>
    public static int DetectPeriod(ReadOnlySpan<double> values, int windowSize = -1, double randomnessThreshold = 0.95)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSize, -1);
        if (!(randomnessThreshold > 0 && randomnessThreshold < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(randomnessThreshold), randomnessThreshold, "Must be in (0,1).");
        }

        // ML.NET reads at least one row even for a window of 0.
        int n = windowSize == -1 ? values.Length : Math.Min(values.Length, Math.Max(windowSize, 1));
        if (n < 2)
        {
            return -1;
        }

        var spectrum = new Complex[n];
        for (int i = 0; i < n; i++)
        {
            spectrum[i] = new Complex(values[i], 0);
        }

        Fourier.Forward(spectrum, FourierOptions.Matlab);
        var periodogram = new double[n];
        for (int i = 0; i < n; i++)
        {
            periodogram[i] = (spectrum[i] * Complex.Conjugate(spectrum[i])).Real;
            spectrum[i] = new Complex(periodogram[i], 0);
        }

        (int best, int second) = BestTwoFrequencies(periodogram);
        Fourier.Inverse(spectrum, FourierOptions.Matlab);
        var acf = new double[n];
        for (int i = 0; i < n; i++)
        {
            acf[i] = spectrum[i].Real;
        }

        return ActualPeriod(acf, best, second, Normal.InvCDF(0, 1, randomnessThreshold));
    }

    private static int ActualPeriod(double[] acf, int bestFrequency, int secondFrequency, double probit)
    {
        int n = acf.Length;
        int first = BestPeriod(acf, bestFrequency, out double firstEnergy);
        int second = -1;
        double secondEnergy = -1;
        if (secondFrequency != -1)
        {
            second = BestPeriod(acf, secondFrequency, out secondEnergy);
        }

        if (first == -1 && second == -1)
        {
            return -1;
        }

        // The second candidate wins only with clearly more autocorrelation energy.
        bool useSecond = first == -1 || (second != -1 && second != first && secondEnergy > firstEnergy * 1.05);
        int period = useSecond ? second : first;
        double energy = (useSecond ? secondEnergy : firstEnergy) / acf[0];
        return energy < probit / Math.Sqrt(n) || acf[period] < MinEnergyThreshold ? -1 : period;
    }

    private static (int Best, int Second) BestTwoFrequencies(double[] power)
    {
        int n = power.Length;
        int best = -1;
        double bestEnergy = -1;
        var band = new List<double>((n / 2) + 1);
        for (int i = 1; i < (n / 2) + 1; i++)
        {
            band.Add(power[i]);
            if (power[i] > bestEnergy)
            {
                bestEnergy = power[i];
                best = i;
            }
        }

        int period = n / best;
        double lowerBound = n * 1.0 / (period + 1);
        double upperBound = n * 1.0 / (period - 1);
        int second = -1;
        double secondEnergy = -1;
        for (int i = 1; i < (n / 2) + 1; i++)
        {
            if ((i > lowerBound && i < upperBound) || power[i] <= secondEnergy)
            {
                continue;
            }

            double previous = power[i - 1];
            double next = i < n - 1 ? power[i + 1] : 0;
            if (power[i] >= previous && power[i] >= next)
            {
                // ML.NET quirk: the stored "second energy" is the next bin's magnitude.
                secondEnergy = next;
                second = i;
            }
        }

        band.Sort();
        int c = band.Count;
        double median = (c & 1) == 1 ? band[c / 2] : (band[(c / 2) - 1] + band[c / 2]) / 2;
        return median * 6.0 < secondEnergy && secondEnergy * 10.0 > bestEnergy ? (best, second) : (best, -1);
    }

    private static int BestPeriod(double[] acf, int frequency, out double energy)
    {
        energy = -1;
        if (frequency <= 1)
        {
            return -1;
        }

        int n = acf.Length;
        int bestPeriod = -1;
        for (int i = n / (frequency + 1); i <= n / (frequency - 1) && i < n; i++)
        {
            if (acf[i] > energy)
            {
                energy = acf[i];
                bestPeriod = i;
            }
        }

        if (bestPeriod <= 1 || bestPeriod > MaxLag || n < MinRecurrentCount * bestPeriod)
        {
            energy = -1;
            return -1;
        }

        return bestPeriod;
    }
}
