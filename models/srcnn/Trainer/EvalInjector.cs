namespace AiObsStream.SrCnn.Trainer;

/// <summary>
/// Labels a held-out real series by injecting anomalies with the reference magnitude formula (sr-spec §2.3), applied
/// to the w points that end at the anomaly: δ = (x̄₃ + mean)·r·min(1 + var, 10) on the [0, 3]-normalised window,
/// scaled back to the series' units. Anomalies are segments of 1–3 points (same δ) separated by 100–300 points; the
/// factor is r = ±(1 + |N(0,1)|) so that every injected anomaly is at least one unit of the formula (the training
/// data also contains invisible ones, which its label clean-up removes; evaluation labels cannot be cleaned that way).
/// </summary>
internal static class EvalInjector
{
    public static EvalSeries Inject(NamedSeries series, int window, SeededRandom random)
    {
        float[] clean = series.Values;
        float[] values = (float[])clean.Clone();
        var labels = new bool[values.Length];
        var normalised = new double[window];
        var average = new double[window];
        int p = window + random.Next(0, 100);
        while (p + 3 < values.Length)
        {
            ReadOnlySpan<float> local = clean.AsSpan(p - window + 1, window);
            WindowSynthesizer.Normalise(local, normalised);
            WindowSynthesizer.TrailingMean3<double>(normalised, average);
            double mean = 0;
            double variance = 0;
            foreach (double v in normalised)
            {
                mean += v;
            }

            mean /= window;
            foreach (double v in normalised)
            {
                variance += (v - mean) * (v - mean);
            }

            variance /= window;
            double r = (1 + Math.Abs(random.NextGaussian())) * (random.NextDouble() < 0.5 ? -1 : 1);
            double delta = (average[window - 1] + mean) * r * Math.Min(1 + variance, 10);
            double range = Range(local) + 1e-5;
            int length = random.Next(1, 4);
            for (int i = p; i < p + length; i++)
            {
                values[i] += (float)(delta * range / 3);
                labels[i] = true;
            }

            p += length + 100 + random.Next(0, 200);
        }

        return new EvalSeries(series.Name, values, labels);
    }

    private static double Range(ReadOnlySpan<float> values)
    {
        float min = float.MaxValue;
        float max = float.MinValue;
        foreach (float v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        return max - min;
    }
}
