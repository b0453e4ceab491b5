namespace AiObsStream.Core.Detectors.SpectralResidual;

/// <summary>AnomalyAndMargin with a period (SR spec §3.6, "Period &gt; 0 path").</summary>
internal sealed partial class SrBatchModeler
{
    /// <summary>Expected = value − residual; band check; segment filling; AnomalyScore against the SR inverse (Q6).</summary>
    private double[] MarginPeriod(
        double[] values, double[] residual, bool[] flags, double[] scores, double[] units, double[] upper, double[] lower)
    {
        int n = values.Length;
        double[] expected = ExpectedFromResidual(values, residual);
        BoundaryUnits(values, flags, units);
        for (int i = 0; i < n; i++)
        {
            double margin = SrSensitivity.Margin(units[i], _options.Sensitivity);
            upper[i] = expected[i] + margin;
            lower[i] = expected[i] - margin;
            flags[i] = flags[i] && (values[i] < lower[i] || upper[i] < values[i]);
        }

        FillSegments(values, flags, upper, lower);
        for (int i = 0; i < n; i++)
        {
            scores[i] = SrSensitivity.AnomalyScore(values[i], _srInverseReal[i], units[i], flags[i]);
            if (!flags[i])
            {
                double margin = upper[i] - expected[i];
                expected[i] = AdjustToBound(values[i], expected[i], units[i]);
                upper[i] = expected[i] + margin;
                lower[i] = expected[i] - margin;
            }
        }

        return expected;
    }

    /// <summary>
    /// Marks [a, b) anomalous for consecutive flagged indices a &lt; b lying in one run of out-of-band points.
    /// Reproduces ML.NET's bookkeeping exactly, including that a run starting at index 0 is never recorded
    /// (its start stays −1).
    /// </summary>
    private static void FillSegments(double[] values, bool[] flags, double[] upper, double[] lower)
    {
        var segments = new List<(int Start, int End)>();
        int start = -1;
        int cursor = -1;
        for (int i = 0; i < values.Length; i++)
        {
            if (lower[i] > values[i] || values[i] > upper[i])
            {
                if (cursor + 1 == i)
                {
                    cursor = i;
                }
                else
                {
                    if (start > -1)
                    {
                        segments.Add((start, cursor));
                    }

                    start = i;
                    cursor = i;
                }
            }
        }

        if (start > -1)
        {
            segments.Add((start, Math.Max(start, cursor)));
        }

        var anomalies = new List<int>();
        for (int i = 0; i < flags.Length; i++)
        {
            if (flags[i])
            {
                anomalies.Add(i);
            }
        }

        int segment = 0;
        for (int i = 0; i + 1 < anomalies.Count; i++)
        {
            while (segment < segments.Count && anomalies[i] >= segments[segment].End)
            {
                segment++;
            }

            if (segment < segments.Count && segments[segment].Start <= anomalies[i] && anomalies[i + 1] <= segments[segment].End)
            {
                for (int j = anomalies[i]; j < anomalies[i + 1]; j++)
                {
                    flags[j] = true;
                }
            }
        }
    }
}
