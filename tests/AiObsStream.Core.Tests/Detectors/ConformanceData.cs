using System.Globalization;
using AiObsStream.TestKit;

namespace AiObsStream.Core.Tests.Detectors;

/// <summary>Loads the ML.NET SrCnn conformance inputs (tests/data/srcnn-conformance, one column "Value").</summary>
internal static class ConformanceData
{
    public static double[] Load(string name)
    {
        string[] lines = File.ReadAllLines(TestData.Path("srcnn-conformance", name));
        var values = new List<double>(lines.Length);
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length > 0)
            {
                values.Add(double.Parse(lines[i], NumberStyles.Float, CultureInfo.InvariantCulture));
            }
        }

        return [.. values];
    }

    public static float[] LoadSingle(string name) => Array.ConvertAll(Load(name), v => (float)v);

    /// <summary>ML.NET's generated series: 20 × 5, one 10, 5 × 5.</summary>
    public static double[] Generated()
    {
        var data = new double[26];
        Array.Fill(data, 5.0);
        data[20] = 10;
        return data;
    }
}
