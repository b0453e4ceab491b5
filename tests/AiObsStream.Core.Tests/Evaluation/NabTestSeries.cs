using AiObsStream.Core.Evaluation.Nab;

namespace AiObsStream.Core.Tests.Evaluation;

/// <summary>Builds small in-memory NAB series: one row per minute from 2014-01-01, windows given as row ranges.</summary>
internal static class NabTestSeries
{
    public const long T0 = 1_388_534_400_000;

    public static NabSeries Create(string name, int rows, params (int Start, int End)[] windows)
    {
        var timestamps = new long[rows];
        var values = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            timestamps[i] = T0 + (i * 60_000L);
            values[i] = i % 5;
        }

        var list = new NabWindow[windows.Length];
        for (int w = 0; w < windows.Length; w++)
        {
            list[w] = new NabWindow(timestamps[windows[w].Start], timestamps[windows[w].End]);
        }

        return new NabSeries(name, timestamps, values, list);
    }

    /// <summary>Scores 0 everywhere except 1 at <paramref name="detections"/>.</summary>
    public static NabScoredSeries Detect(NabSeries series, params int[] detections)
    {
        var scores = new double[series.Length];
        foreach (int i in detections)
        {
            scores[i] = 1.0;
        }

        return new NabScoredSeries(series, scores);
    }
}
