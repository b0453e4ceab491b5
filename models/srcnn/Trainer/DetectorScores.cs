using AiObsStream.Core.Detectors.SpectralResidual;
using AiObsStream.Core.Detectors.SrCnn;

namespace AiObsStream.SrCnn.Trainer;

/// <summary>Per-point scores of both streaming detectors over evaluation series (SR: clipped raw score; SR-CNN: probability).</summary>
internal static class DetectorScores
{
    public static List<float[]> Sr(IReadOnlyList<EvalSeries> series, int window)
    {
        var detector = new SrStreamingDetector(new SrStreamingOptions { WindowSize = window });
        var result = new List<float[]>();
        foreach (EvalSeries s in series)
        {
            var points = new SrPoint[s.Values.Length];
            detector.Detect(s.Values, points);
            result.Add(Array.ConvertAll(points, p => (float)Math.Clamp(p.RawScore, 0, 1)));
        }

        return result;
    }

    public static List<float[]> SrCnn(IReadOnlyList<EvalSeries> series, SrCnnModel model)
    {
        var detector = new SrCnnStreamingDetector(model);
        var result = new List<float[]>();
        foreach (EvalSeries s in series)
        {
            var points = new SrPoint[s.Values.Length];
            detector.Detect(s.Values, points);
            result.Add(Array.ConvertAll(points, p => (float)p.RawScore));
        }

        return result;
    }
}
