using MathNet.Numerics.Distributions;
using AiObsStream.Core.Sketches;

namespace AiObsStream.Core.Drift;

/// <summary>
/// Distribution distances computed from DDSketch bins: PSI, Jensen-Shannon, Wasserstein-1 and two-sample
/// Kolmogorov-Smirnov (with its asymptotic p-value), plus the two-proportion test for shares.
/// </summary>
/// <remarks>
/// <para>
/// Both sketches are read as histograms on the DDSketch bins (1 % wide at the default accuracy); values of the same bin
/// are taken to be equal, so KS and Wasserstein are exact up to the bin width. KS on binned (tied) data is
/// conservative: the asymptotic p-value is an upper bound, which only makes the gate stricter.
/// </para>
/// <para>
/// PSI and Jensen-Shannon are computed on at most <c>buckets</c> groups of bins holding about equal reference mass
/// (reference deciles by default, as in the credit-scoring practice PSI comes from); on the fine bins directly they
/// would mostly measure sampling noise. A bin is never split, so a discrete signal (a 1-5 score) keeps one bucket per
/// value. PSI adds 0.5 to every bucket count (Jeffreys smoothing) so an empty bucket gives a finite value.
/// </para>
/// </remarks>
internal static class DriftStatistics
{
    /// <summary>The PSI conventionally read as a major shift (0.1-0.2 moderate, above 0.2 significant).</summary>
    public const double MajorPsi = 0.2;

    /// <summary>Compares two sketches (either may be empty: every distance is then NaN and PValue 1).</summary>
    public static DriftMeasures Compare(DDSketch reference, DDSketch current, int buckets = 10)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 2);
        long n1 = reference.Count, n2 = current.Count;
        if (n1 == 0 || n2 == 0)
        {
            return new(n1, n2, Mean(reference), Mean(current), double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, 1, double.NaN);
        }

        var a = new List<(double Value, long Count)>();
        var b = new List<(double Value, long Count)>();
        reference.AppendBins(a);
        current.AppendBins(b);
        var (values, ca, cb) = Align(a, b);
        var (d, w1) = KsAndWasserstein(values, ca, cb, n1, n2);
        var sd = StandardDeviation(values, ca, n1);
        var (pa, pb) = Bucketize(ca, cb, n1, buckets);
        var psi = Psi(Smooth(pa), Smooth(pb));
        var js = JensenShannon(Normalize(pa), Normalize(pb));

        // A constant reference (sd 0) has no scale: any move is infinitely many sds, none is 0.
        var nw = sd > 0 ? w1 / sd : w1 > 0 ? double.PositiveInfinity : 0;
        var p = KsPValue(d, n1, n2);
        return new(n1, n2, Mean(reference), Mean(current), psi, js, w1, nw, d, p, Math.Max(psi, nw));
    }

    /// <summary>PSI = sum (a - e) ln(a / e) over proportions; terms where either is not positive are skipped.</summary>
    public static double Psi(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual)
    {
        CheckSameLength(expected.Length, actual.Length);
        double sum = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            double e = expected[i], x = actual[i];
            if (e > 0 && x > 0)
            {
                sum += (x - e) * Math.Log(x / e);
            }
        }

        return sum;
    }

    /// <summary>Jensen-Shannon divergence in bits (0 for identical, 1 for disjoint distributions).</summary>
    public static double JensenShannon(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        CheckSameLength(p.Length, q.Length);
        double sum = 0;
        for (var i = 0; i < p.Length; i++)
        {
            var m = (p[i] + q[i]) / 2;
            if (p[i] > 0)
            {
                sum += 0.5 * p[i] * Math.Log2(p[i] / m);
            }

            if (q[i] > 0)
            {
                sum += 0.5 * q[i] * Math.Log2(q[i] / m);
            }
        }

        return Math.Clamp(sum, 0, 1);
    }

    /// <summary>
    /// The asymptotic two-sample KS p-value P(D &gt;= d) with Stephens' small-sample correction:
    /// Q_KS((sqrt(ne) + 0.12 + 0.11 / sqrt(ne)) d), ne = n1 n2 / (n1 + n2) (Numerical Recipes 14.3).
    /// </summary>
    public static double KsPValue(double d, long n1, long n2)
    {
        if (!(d > 0) || n1 <= 0 || n2 <= 0)
        {
            return 1;
        }

        var ne = Math.Sqrt((double)n1 * n2 / (n1 + n2));
        return KolmogorovQ((ne + 0.12 + (0.11 / ne)) * Math.Min(d, 1));
    }

    /// <summary>The Kolmogorov survival function Q(x) = 2 sum_{k&gt;=1} (-1)^(k-1) exp(-2 k^2 x^2).</summary>
    public static double KolmogorovQ(double x)
    {
        if (!(x > 0.18))
        {
            return 1; // the series converges slowly here and Q is 1 to 1e-9
        }

        double sum = 0, sign = 1;
        for (var k = 1; k <= 100; k++)
        {
            var term = Math.Exp(-2.0 * k * k * x * x);
            sum += sign * term;
            if (term < 1e-16 * Math.Abs(sum))
            {
                break;
            }

            sign = -sign;
        }

        return Math.Clamp(2 * sum, 0, 1);
    }

    /// <summary>
    /// Two-sided two-proportion z-test p-value and Cohen's h = |2 asin sqrt(p1) - 2 asin sqrt(p2)| for x1 of n1
    /// against x2 of n2 (p-value 1 and h NaN when a side is empty; p-value 1 when both shares are 0 or 1).
    /// </summary>
    public static (double PValue, double CohensH) TwoProportions(long x1, long n1, long x2, long n2)
    {
        if (n1 <= 0 || n2 <= 0 || x1 < 0 || x2 < 0 || x1 > n1 || x2 > n2)
        {
            return (1, double.NaN);
        }

        double p1 = (double)x1 / n1, p2 = (double)x2 / n2, pooled = (double)(x1 + x2) / (n1 + n2);
        var h = Math.Abs((2 * Math.Asin(Math.Sqrt(p1))) - (2 * Math.Asin(Math.Sqrt(p2))));
        var se = Math.Sqrt(pooled * (1 - pooled) * ((1.0 / n1) + (1.0 / n2)));
        if (!(se > 0))
        {
            return (1, h);
        }

        var z = Math.Abs(p1 - p2) / se;
        return (2 * Normal.CDF(0, 1, -z), h);
    }

    private static (double[] Values, long[] A, long[] B) Align(List<(double Value, long Count)> a, List<(double Value, long Count)> b)
    {
        var values = new List<double>(a.Count + b.Count);
        var ca = new List<long>(a.Count + b.Count);
        var cb = new List<long>(a.Count + b.Count);
        int i = 0, j = 0;
        while (i < a.Count || j < b.Count)
        {
            var c = i == a.Count ? 1 : j == b.Count ? -1 : a[i].Value.CompareTo(b[j].Value);
            values.Add(c <= 0 ? a[i].Value : b[j].Value);
            ca.Add(c <= 0 ? a[i++].Count : 0);
            cb.Add(c >= 0 ? b[j++].Count : 0);
        }

        return ([.. values], [.. ca], [.. cb]);
    }

    private static (double D, double W1) KsAndWasserstein(double[] values, long[] ca, long[] cb, long n1, long n2)
    {
        double d = 0, w = 0;
        long sa = 0, sb = 0;
        for (var k = 0; k < values.Length; k++)
        {
            sa += ca[k];
            sb += cb[k];
            var gap = Math.Abs(((double)sa / n1) - ((double)sb / n2));
            d = Math.Max(d, gap);
            if (k + 1 < values.Length)
            {
                w += gap * (values[k + 1] - values[k]);
            }
        }

        return (d, w);
    }

    private static double StandardDeviation(double[] values, long[] counts, long n)
    {
        double mean = 0;
        for (var k = 0; k < values.Length; k++)
        {
            mean += values[k] * counts[k];
        }

        mean /= n;
        double ss = 0;
        for (var k = 0; k < values.Length; k++)
        {
            var dv = values[k] - mean;
            ss += dv * dv * counts[k];
        }

        return Math.Sqrt(ss / n);
    }

    /// <summary>Groups aligned bins into at most <paramref name="buckets"/> groups of about equal reference mass.</summary>
    private static (double[] A, double[] B) Bucketize(long[] ca, long[] cb, long n1, int buckets)
    {
        var pa = new List<double>(buckets);
        var pb = new List<double>(buckets);
        long cumulative = 0, bucketA = 0, bucketB = 0;
        var next = 1;
        for (var k = 0; k < ca.Length; k++)
        {
            cumulative += ca[k];
            bucketA += ca[k];
            bucketB += cb[k];
            var last = k == ca.Length - 1;
            if (last || (cumulative * (double)buckets >= next * (double)n1 && bucketA > 0))
            {
                pa.Add(bucketA);
                pb.Add(bucketB);
                bucketA = bucketB = 0;
                while (next < buckets && cumulative * (double)buckets >= next * (double)n1)
                {
                    next++;
                }
            }
        }

        return ([.. pa], [.. pb]);
    }

    private static double[] Smooth(double[] counts)
    {
        double total = 0;
        foreach (var c in counts)
        {
            total += c + 0.5;
        }

        var p = new double[counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            p[i] = (counts[i] + 0.5) / total;
        }

        return p;
    }

    private static double[] Normalize(double[] counts)
    {
        double total = 0;
        foreach (var c in counts)
        {
            total += c;
        }

        var p = new double[counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            p[i] = total > 0 ? counts[i] / total : 0;
        }

        return p;
    }

    private static double Mean(DDSketch s) => s.Count > 0 ? s.Sum / s.Count : double.NaN;

    private static void CheckSameLength(int a, int b)
    {
        if (a != b)
        {
            throw new ArgumentException("The two distributions must have the same number of buckets.");
        }
    }
}
