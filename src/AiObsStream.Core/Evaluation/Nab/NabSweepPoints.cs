namespace AiObsStream.Core.Evaluation.Nab;

/// <summary>Turns a scored series into sweep points (NAB's <c>Sweeper.calcSweepScore</c>).</summary>
internal static class NabSweepPoints
{
    /// <summary>Appends one point per non-probationary row of <paramref name="series"/> to <paramref name="output"/>.</summary>
    /// <param name="series">The series and its scores.</param>
    /// <param name="costs">The profile weights.</param>
    /// <param name="windowOffset">Corpus-wide id of the series' first window.</param>
    /// <param name="orderOffset">Corpus-wide order of the series' first row.</param>
    /// <param name="output">Receives the points, in row order.</param>
    /// <remarks>
    /// Inside a window a row is worth <c>S(−(right − i + 1) / width) · A_TP / S(−1)</c> (the window's first row earns
    /// exactly A_TP, its last row almost nothing). Outside, a row costs <c>S(|prevRight − i| / (prevWidth − 1)) · A_FP</c>
    /// relative to the closest preceding window, or <c>−A_FP</c> when there is none. A preceding window of width 1 would
    /// divide by zero in NAB (a Python error); here it counts as far away (−A_FP). NAB's labels never contain one.
    /// </remarks>
    public static void Append(NabScoredSeries series, NabCostMatrix costs, int windowOffset, int orderOffset, List<NabSweepPoint> output)
    {
        var labels = series.Series;
        var ranges = labels.Ranges;
        var scores = series.Scores;
        int probation = labels.ProbationaryLength;
        int next = 0;
        int prevRight = -1;
        int prevWidth = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            bool inWindow = next < ranges.Length && i >= ranges[next].StartIndex;
            double sweep;
            if (inWindow)
            {
                var range = ranges[next];
                double position = -(range.EndIndex - i + 1) / (double)range.Width;
                sweep = NabMath.ScaledSigmoid(position) * costs.TpWeight / NabMath.MaxTp;
            }
            else
            {
                double unweighted = prevRight < 0 || prevWidth <= 1
                    ? -1.0
                    : NabMath.ScaledSigmoid(Math.Abs(prevRight - i) / (double)(prevWidth - 1));
                sweep = unweighted * costs.FpWeight;
            }

            if (i >= probation)
            {
                output.Add(new NabSweepPoint(scores[i], sweep, inWindow ? windowOffset + next : -1, orderOffset + i));
            }

            if (inWindow && i == ranges[next].EndIndex)
            {
                prevRight = i;
                prevWidth = ranges[next].Width;
                next++;
            }
        }
    }
}
