using AiObsStream.Core.Detectors.SrCnn;
using AiObsStream.TestKit;

namespace AiObsStream.Core.Tests.Detectors.SrCnn;

/// <summary>Models shared by the SR-CNN tests: the committed trained weights and small hand-made networks.</summary>
internal static class SrCnnTestModels
{
    public static string TrainedPath => Path.Combine(TestData.RepoRoot, "models", "srcnn", "srcnn-w64.bin");

    public static SrCnnModel Trained() => SrCnnModel.Load(TrainedPath);

    /// <summary>w = 1: 1→1→2→4→1 with hand-picked weights (see SrCnnNetworkTests for the arithmetic).</summary>
    public static SrCnnModel Tiny() => new(
        1,
        [[2f], [1f, -1f], [1f, 0f, 0f, 1f, -1f, 0f, 0.5f, 2f], [0.1f, -1f, 3f, 0.2f]],
        [[-1f], [0.5f, 0.5f], [0f, 1f, 0f, -1f], [-0.2f]],
        0.5f);

    /// <summary>A random network of window <paramref name="window"/> (fixed seed).</summary>
    public static SrCnnModel Random(int window, int seed = 7)
    {
        var random = new Random(seed);
        var weights = new float[SrCnnModel.LayerCount][];
        var biases = new float[SrCnnModel.LayerCount][];
        for (int l = 0; l < SrCnnModel.LayerCount; l++)
        {
            int inputs = SrCnnModel.InputsOf(window, l);
            int outputs = SrCnnModel.OutputsOf(window, l);
            weights[l] = Fill(inputs * outputs, 1 / MathF.Sqrt(inputs), random);
            biases[l] = Fill(outputs, 0.1f, random);
        }

        return new SrCnnModel(window, weights, biases, 0.9f);
    }

    private static float[] Fill(int count, float scale, Random random)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1) * scale;
        }

        return values;
    }
}
