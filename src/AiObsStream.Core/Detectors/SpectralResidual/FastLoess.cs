namespace AiObsStream.Core.Detectors.SpectralResidual;

/// <summary>
/// ML.NET's sampled LOESS smoother over x = 0, 1, …, n−1 (dotnet/machinelearning STL/FastLoess.cs, Loess.cs,
/// LocalRegression.cs, LeastSquares.cs; SR spec §3.7).
/// </summary>
/// <remarks>
/// Series longer than 100 points are fitted on 100 sampled points (index ⌊i·n/100⌋) and every x is evaluated with the
/// local model of its nearest sample point. Each local model is a weighted linear fit over the r + 1 nearest sample
/// points (r capped at samples − 1, floored at 4) with tricube weights, refitted once with bisquare robustness weights.
/// </remarks>
internal sealed class FastLoess
{
    private const int SampleSize = 100;
    private const int MinimumNeighbors = 4;
    private const int RobustIterations = 2;
    private const double NumericalThreshold = 1.0e-10;

    private readonly int _length;
    private readonly double[] _x;
    private readonly double[] _intercept;
    private readonly double[] _slope;

    /// <summary>Fits the smoother to <paramref name="y"/> with <paramref name="r"/> neighbours per local fit.</summary>
    /// <exception cref="ArgumentException">Fewer than 3 points.</exception>
    public FastLoess(double[] y, int r)
    {
        if (y.Length < 3)
        {
            throw new ArgumentException("LOESS needs at least 3 points.", nameof(y));
        }

        _length = y.Length;
        double[] sampleY;
        if (_length <= SampleSize)
        {
            _x = new double[_length];
            for (int i = 0; i < _length; i++)
            {
                _x[i] = i;
            }

            sampleY = y;
        }
        else
        {
            double step = _length * 1.0 / SampleSize;
            _x = new double[SampleSize];
            sampleY = new double[SampleSize];
            for (int i = 0; i < SampleSize; i++)
            {
                int index = (int)(i * step);
                _x[i] = index;
                sampleY[i] = y[index];
            }
        }

        int neighbors = Math.Max(Math.Min(r, _x.Length - 1), MinimumNeighbors);
        _intercept = new double[_x.Length];
        _slope = new double[_x.Length];
        var weights = new double[_x.Length];
        for (int i = 0; i < _x.Length; i++)
        {
            FitLocal(sampleY, i, neighbors, weights);
        }
    }

    /// <summary>Evaluates the local model of the sample point nearest to <paramref name="x"/> (ties go left).</summary>
    public double Estimate(double x)
    {
        int start = 0;
        int end = _x.Length - 1;
        while (end - start > 1)
        {
            int mid = (start + end) / 2;
            if (_x[mid] > x)
            {
                end = mid;
            }
            else
            {
                start = mid;
            }
        }

        double distanceDiff = (_x[end] - x) - (x - _x[start]);
        int index = distanceDiff > -NumericalThreshold ? start : end;
        return _intercept[index] + (_slope[index] * x);
    }

    /// <summary>Writes the smoothed value of every input point x = 0 .. n−1.</summary>
    public void EstimateAll(Span<double> destination)
    {
        for (int i = 0; i < _length; i++)
        {
            destination[i] = Estimate(i);
        }
    }

    private void FitLocal(double[] y, int self, int r, double[] weights)
    {
        int m = _x.Length;
        double selfX = _x[self];
        int start = self;
        int end = self;
        double range;
        if (r < m)
        {
            for (int left = r; left > 0; left--)
            {
                if (start == 0)
                {
                    end += left;
                    break;
                }

                if (end == m - 1)
                {
                    start -= left;
                    break;
                }

                double diff = (selfX - _x[start]) - (_x[end] - selfX);
                if (diff < NumericalThreshold)
                {
                    start--;
                }
                else
                {
                    end++;
                }
            }

            range = Math.Max(selfX - _x[start], _x[end] - selfX);
        }
        else
        {
            start = 0;
            end = m - 1;
            range = Math.Max(selfX - _x[start], _x[end] - selfX) * r / (m - 1);
        }

        for (int i = start; i <= end; i++)
        {
            weights[i] = Tricube((_x[i] - selfX) / range);
        }

        Robustify(y, start, end, weights, self);
    }

    private void Robustify(double[] y, int start, int end, double[] weights, int self)
    {
        int count = end - start + 1;
        var errors = new double[count];
        var absErrors = new double[count];
        for (int iter = 0; iter < RobustIterations; iter++)
        {
            (double b0, double b1) = WeightedLine(y, start, end, weights);
            _intercept[self] = b0;
            _slope[self] = b1;
            for (int i = 0; i < count; i++)
            {
                errors[i] = y[start + i] - (b0 + (b1 * _x[start + i]));
                absErrors[i] = Math.Abs(errors[i]);
            }

            Array.Sort(absErrors);
            double median = absErrors[count / 2];
            if (median == 0)
            {
                median = double.Epsilon;
            }

            for (int i = 0; i < count; i++)
            {
                weights[start + i] *= Bisquare(errors[i] / 6.0 / median);
            }
        }
    }

    private (double Intercept, double Slope) WeightedLine(double[] y, int start, int end, double[] weights)
    {
        double s00 = 0, s01 = 0, s11 = 0, fy0 = 0, fy1 = 0;
        for (int k = start; k <= end; k++)
        {
            double w = weights[k];
            s00 += w;
            w *= _x[k];
            s01 += w;
            s11 += w * _x[k];
        }

        for (int k = start; k <= end; k++)
        {
            double t = weights[k] * y[k];
            fy0 += t;
            fy1 += t * _x[k];
        }

        // Inverse of the 2×2 normal matrix [s00 s01; s01 s11]; a singular matrix yields NaN/∞, as in ML.NET.
        double divider = (s00 * s11) - (s01 * s01);
        double b0 = ((s11 / divider) * fy0) + ((-s01 / divider) * fy1);
        double b1 = ((-s01 / divider) * fy0) + ((s00 / divider) * fy1);
        return (b0, b1);
    }

    private static double Tricube(double value)
    {
        double abs = Math.Abs(value);
        if (abs >= 1)
        {
            return 0;
        }

        double t = 1 - (abs * abs * abs);
        return t * t * t;
    }

    private static double Bisquare(double value)
    {
        double abs = Math.Abs(value);
        if (abs >= 1)
        {
            return 0;
        }

        double t = 1 - (abs * abs);
        return t * t;
    }
}
