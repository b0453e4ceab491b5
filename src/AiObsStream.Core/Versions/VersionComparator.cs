using System.Globalization;
using AiObsStream.Core.Sketches;
using MathNet.Numerics.Distributions;

namespace AiObsStream.Core.Versions;

/// <summary>
/// The statistics of the verdict. Distributions: merged sketches compared on mean, median and the bad tail (p95 when higher
/// is worse, p5 otherwise), confidence from a Mann-Whitney rank-sum z on the two sketches' quantile grids (ties count
/// half). Shares: pooled two-proportion z-test. Window values: Welch t-test. Requests of one window share its conditions
/// (they are not independent), so distributions and shares must also stand out against the window-to-window variation:
/// their confidence is the smaller of the request-level test and a window-level test on per-window means or shares
/// (Welch t, or a t prediction interval while the new version has one window). A signal regresses when the
/// worse-direction effect reaches its minimum and the one-sided confidence reaches <see cref="RegressionOptions.MinConfidence"/>.
/// With fewer than <see cref="RegressionOptions.MinWindows"/> baseline windows the window-level test has little or no power
/// (one window: undefined; two: one degree of freedom), so the verdict degrades gracefully to the request-level test with
/// a stricter bar (<see cref="Verdict"/>): overwhelming confidence and an effect a multiple of the minimum, and the window
/// means (when two exist) must not point the other way.
/// </summary>
internal static class VersionComparator
{
    /// <summary>Points of the quantile grid used to estimate P(new &gt; old) from two sketches.</summary>
    private const int Grid = 200;

    public static SignalResult? Distribution(RegressionSignal signal, DDSketch old, DDSketch @new, List<double> oldWindows,
        List<double> newWindows, RegressionOptions options)
    {
        if (old.Count < options.MinCount || @new.Count < options.MinCount || oldWindows.Count < 1 || newWindows.Count < 1)
        {
            return null;
        }

        var sign = signal.HigherIsWorse ? 1.0 : -1.0;
        var tail = signal.HigherIsWorse ? 0.95 : 0.05;
        var oldMean = old.Sum / old.Count;
        var newMean = @new.Sum / @new.Count;
        var (o50, n50) = (old.GetQuantile(0.5), @new.GetQuantile(0.5));
        var (oTail, nTail) = (old.GetQuantile(tail), @new.GetQuantile(tail));
        var effect = MaxOf(Relative(oldMean, newMean, sign), MaxOf(Relative(o50, n50, sign), Relative(oTail, nTail, sign)));
        var auc = ProbabilityGreater(@new, old);
        var worse = signal.HigherIsWorse ? auc : 1 - auc;
        double n1 = old.Count, n2 = @new.Count;
        var z = (worse - 0.5) / Math.Sqrt((n1 + n2 + 1) / (12 * n1 * n2));
        var (regressed, confidence) = Verdict(effect, Normal.CDF(0, 1, z), oldWindows, newWindows, signal, options);
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"{signal.Metric} p50 {o50:G4}→{n50:G4} ({Pct(o50, n50)}), p{tail * 100:0} {oTail:G4}→{nTail:G4} ({Pct(oTail, nTail)}), mean {oldMean:G4}→{newMean:G4}; effect {effect * 100:+0;-0}%, confidence {confidence:0.000}, n {old.Count} vs {@new.Count}");
        return new SignalResult(signal.Metric, regressed, effect, confidence, detail);
    }

    public static SignalResult? Proportion(RegressionSignal signal, (long Hits, long Total) old, (long Hits, long Total) @new,
        List<double> oldWindows, List<double> newWindows, RegressionOptions options)
    {
        var (oldHits, oldTotal) = old;
        var (newHits, newTotal) = @new;
        if (oldTotal < options.MinCount || newTotal < options.MinCount || oldWindows.Count < 1 || newWindows.Count < 1)
        {
            return null;
        }

        double p1 = (double)oldHits / oldTotal, p2 = (double)newHits / newTotal;
        var pooled = (double)(oldHits + newHits) / (oldTotal + newTotal);
        var se = Math.Sqrt(pooled * (1 - pooled) * ((1.0 / oldTotal) + (1.0 / newTotal)));
        var effect = signal.HigherIsWorse ? p2 - p1 : p1 - p2;
        var (regressed, confidence) = Verdict(effect, se > 0 ? Normal.CDF(0, 1, effect / se) : 0.5, oldWindows, newWindows, signal, options);
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"{signal.Metric} share {p1:P2}→{p2:P2} ({effect * 100:+0.00;-0.00} pts), confidence {confidence:0.000}, n {oldTotal} vs {newTotal}");
        return new SignalResult(signal.Metric, regressed, effect, confidence, detail);
    }

    public static SignalResult? WindowMean(RegressionSignal signal, List<double> old, List<double> @new, RegressionOptions options)
    {
        if (old.Count < options.MinWindows || @new.Count < options.MinWindows)
        {
            return null;
        }

        var (m1, _) = MeanVar(old);
        var (m2, _) = MeanVar(@new);
        var effect = Relative(m1, m2, signal.HigherIsWorse ? 1.0 : -1.0);
        var confidence = WindowConfidence(old, @new, signal.HigherIsWorse);
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"{signal.Metric} mean {m1:G4}→{m2:G4} ({Pct(m1, m2)}); effect {effect * 100:+0;-0}%, confidence {confidence:0.000}, windows {old.Count} vs {@new.Count}");
        return new SignalResult(signal.Metric, effect >= options.MinEffectOf(signal) && confidence >= options.MinConfidence, effect,
            confidence, detail);
    }

    /// <summary>
    /// The verdict on a request-level comparison. With <see cref="RegressionOptions.MinWindows"/> baseline windows or more,
    /// the smaller of the request-level and window-level (Welch) confidences must reach
    /// <see cref="RegressionOptions.MinConfidence"/>: requests of one window share its conditions. With fewer, the baseline
    /// cannot tell its own window-to-window spread, so the spread is pooled with the new version's windows (Student's
    /// equal-variance t: the same deployment at the same load varies alike), which needs two new batches; and because
    /// that assumption is weaker, the request-level confidence must be overwhelming
    /// (<see cref="RegressionOptions.OverwhelmingConfidence"/>) and the effect <see cref="RegressionOptions.OverwhelmingEffect"/>
    /// × the minimum.
    /// </summary>
    /// <returns>Regressed, and the confidence to report.</returns>
    public static (bool Regressed, double Confidence) Verdict(double effect, double requestConfidence, List<double> oldWindows,
        List<double> newWindows, RegressionSignal signal, RegressionOptions options)
    {
        var minEffect = options.MinEffectOf(signal);
        if (oldWindows.Count >= options.MinWindows)
        {
            var combined = Math.Min(requestConfidence, WindowConfidence(oldWindows, newWindows, signal.HigherIsWorse));
            return (effect >= minEffect && combined >= options.MinConfidence, combined);
        }

        var pooled = newWindows.Count >= 2 ? PooledConfidence(oldWindows, newWindows, signal.HigherIsWorse) : 0.5;
        var confidence = Math.Min(requestConfidence, pooled);
        return (effect >= options.OverwhelmingEffect * minEffect && requestConfidence >= options.OverwhelmingConfidence
            && pooled >= options.MinConfidence, confidence);
    }

    /// <summary>
    /// One-sided confidence that the new windows are worse, from Student's two-sample t with the variance pooled over both
    /// sides (df = n₁ + n₂ − 2). Works with a single old window when the new side has two or more (else 0.5).
    /// </summary>
    public static double PooledConfidence(List<double> old, List<double> @new, bool higherIsWorse)
    {
        var df = old.Count + @new.Count - 2;
        if (old.Count < 1 || @new.Count < 1 || df < 1)
        {
            return 0.5;
        }

        var (m1, v1) = MeanVar(old);
        var (m2, v2) = MeanVar(@new);
        var diff = (higherIsWorse ? 1.0 : -1.0) * (m2 - m1);
        var pooled = (((old.Count - 1) * v1) + ((@new.Count - 1) * v2)) / df;
        var se = Math.Sqrt(pooled * ((1.0 / old.Count) + (1.0 / @new.Count)));
        if (se <= 0)
        {
            return diff > 0 ? 1 : diff < 0 ? 0 : 0.5;
        }

        return StudentT.CDF(0, 1, df, diff / se);
    }

    /// <summary>
    /// One-sided confidence that the new windows are worse than the old ones: Welch t-test, or with a single new window a
    /// t prediction interval from the old windows' spread. Needs two old windows and one new one (else 0.5).
    /// </summary>
    public static double WindowConfidence(List<double> old, List<double> @new, bool higherIsWorse)
    {
        if (old.Count < 2 || @new.Count < 1)
        {
            return 0.5;
        }

        var (m1, v1) = MeanVar(old);
        var (m2, v2) = MeanVar(@new);
        var diff = (higherIsWorse ? 1.0 : -1.0) * (m2 - m1);
        double a = v1 / old.Count, b = @new.Count > 1 ? v2 / @new.Count : v1; // one new window: it varies like an old one
        if (a + b <= 0)
        {
            return diff > 0 ? 1 : diff < 0 ? 0 : 0.5;
        }

        var df = @new.Count > 1
            ? (a + b) * (a + b) / ((a * a / (old.Count - 1)) + (b * b / (@new.Count - 1)))
            : old.Count - 1;
        return StudentT.CDF(0, 1, Math.Max(1, df), diff / Math.Sqrt(a + b));
    }

    /// <summary>
    /// Window values for the window-level test, as batch means: consecutive windows are pooled until a batch holds
    /// <see cref="RegressionOptions.MinBatchRequests"/> observations (a remainder joins the last batch). A window with a
    /// handful of requests (the stragglers of the old version finishing in the rollout window, a quiet minute, a small
    /// canary) would otherwise count as much as a full one and its noise would swamp the test.
    /// </summary>
    /// <param name="minBatch">Observations per batch.</param>
    /// <param name="windows">Per window, in time order: the sum (or hits) and the count.</param>
    /// <returns>The batch means, in time order.</returns>
    public static List<double> BatchMeans(long minBatch, IEnumerable<(double Sum, long Count)> windows)
    {
        var batches = new List<(double Sum, long Count)>();
        double sum = 0;
        long count = 0;
        foreach (var (s, n) in windows)
        {
            sum += s;
            count += n;
            if (count >= minBatch)
            {
                batches.Add((sum, count));
                (sum, count) = (0, 0);
            }
        }

        if (count > 0)
        {
            if (batches.Count > 0)
            {
                batches[^1] = (batches[^1].Sum + sum, batches[^1].Count + count);
            }
            else
            {
                batches.Add((sum, count));
            }
        }

        return batches.Select(b => b.Sum / b.Count).ToList();
    }

    /// <summary>P(X &gt; Y) + ½ P(X = Y) for X from <paramref name="x"/> and Y from <paramref name="y"/>, on quantile grids.</summary>
    public static double ProbabilityGreater(DDSketch x, DDSketch y)
    {
        var xs = QuantileGrid(x);
        var ys = QuantileGrid(y);
        double score = 0;
        int lo = 0, hi = 0;
        foreach (var v in xs)
        {
            while (lo < ys.Length && ys[lo] < v)
            {
                lo++;
            }

            hi = Math.Max(hi, lo);
            while (hi < ys.Length && ys[hi] <= v)
            {
                hi++;
            }

            score += lo + (0.5 * (hi - lo));
        }

        return score / ((double)xs.Length * ys.Length);
    }

    private static double[] QuantileGrid(DDSketch s)
    {
        var grid = new double[Grid];
        for (var i = 0; i < Grid; i++)
        {
            grid[i] = s.GetQuantile((i + 0.5) / Grid);
        }

        return grid; // quantiles are monotone in q: already sorted
    }

    private static double Relative(double old, double @new, double sign)
    {
        if (!double.IsFinite(old) || !double.IsFinite(@new))
        {
            return double.NaN;
        }

        var scale = Math.Abs(old);
        return scale > 1e-12 ? sign * (@new - old) / scale : (@new == old ? 0 : sign * Math.Sign(@new - old) * double.PositiveInfinity);
    }

    /// <summary>The larger of two effects, ignoring an undefined (NaN) one.</summary>
    private static double MaxOf(double a, double b) => double.IsNaN(a) ? b : double.IsNaN(b) ? a : Math.Max(a, b);

    private static string Pct(double old, double @new) =>
        Math.Abs(old) > 1e-12 ? ((@new - old) / Math.Abs(old)).ToString("+0%;-0%", CultureInfo.InvariantCulture) : "n/a";

    private static (double Mean, double Var) MeanVar(List<double> values)
    {
        double mean = 0;
        foreach (var v in values)
        {
            mean += v;
        }

        mean /= values.Count;
        double ss = 0;
        foreach (var v in values)
        {
            ss += (v - mean) * (v - mean);
        }

        return (mean, values.Count > 1 ? ss / (values.Count - 1) : 0);
    }
}
