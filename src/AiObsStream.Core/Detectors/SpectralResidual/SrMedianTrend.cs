namespace AiObsStream.Core.Detectors.SpectralResidual;

/// <summary>
/// The two-ended running median used for the boundary unit (ML.NET <c>MedianFilter(data, window, needTwoEnd: true)</c>,
/// SR spec §3.6): odd window 2h+1 with h = window/2, shrinking to the available points at both ends.
/// </summary>
internal static class SrMedianTrend
{
    /// <summary>Fills <paramref name="trend"/> with the running median of <paramref name="data"/>.</summary>
    public static void Compute(ReadOnlySpan<double> data, int window, Span<double> trend)
    {
        int half = window / 2;
        int width = (2 * half) + 1;
        int n = data.Length;
        if (n < width)
        {
            data.CopyTo(trend);
            return;
        }

        var sorted = new double[width];
        int count = 0;
        for (int i = 0; i < half; i++)
        {
            Insert(sorted, ref count, data[i]);
        }

        for (int i = 0; i < n; i++)
        {
            if (i - half - 1 >= 0)
            {
                Remove(sorted, ref count, data[i - half - 1]);
            }

            if (i + half < n)
            {
                Insert(sorted, ref count, data[i + half]);
            }

            trend[i] = (count & 1) == 1 ? sorted[count / 2] : (sorted[(count / 2) - 1] + sorted[count / 2]) / 2;
        }
    }

    private static void Insert(double[] sorted, ref int count, double value)
    {
        int at = BisectRight(sorted, count, value);
        Array.Copy(sorted, at, sorted, at + 1, count - at);
        sorted[at] = value;
        count++;
    }

    private static void Remove(double[] sorted, ref int count, double value)
    {
        int at = BisectRight(sorted, count, value) - 1;
        Array.Copy(sorted, at + 1, sorted, at, count - at - 1);
        count--;
    }

    private static int BisectRight(double[] sorted, int count, double value)
    {
        int lo = 0;
        int hi = count;
        while (lo < hi)
        {
            int mid = lo + ((hi - lo) / 2);
            if (sorted[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
