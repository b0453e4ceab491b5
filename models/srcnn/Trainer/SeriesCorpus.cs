using System.Globalization;

namespace AiObsStream.SrCnn.Trainer;

/// <summary>Loads the real training series: every NAB CSV (values only; labels unused) and the H100 trace series.</summary>
internal static class SeriesCorpus
{
    /// <summary>All series, sorted by name (so the seeded split does not depend on directory order).</summary>
    public static List<NamedSeries> Load(string nabDataDir, string traceDir)
    {
        var all = new List<NamedSeries>();
        foreach (string file in Directory.EnumerateFiles(nabDataDir, "*.csv", SearchOption.AllDirectories))
        {
            string name = Path.GetRelativePath(nabDataDir, file).Replace('\\', '/');
            all.Add(new NamedSeries("nab/" + name, ReadNabValues(file)));
        }

        all.AddRange(TraceSeries.Load(traceDir));
        all.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return all;
    }

    private static float[] ReadNabValues(string path)
    {
        var values = new List<float>();
        bool header = true;
        foreach (string line in File.ReadLines(path))
        {
            if (header)
            {
                header = false;
                continue;
            }

            int comma = line.LastIndexOf(',');
            if (comma > 0 && float.TryParse(line.AsSpan(comma + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out float v))
            {
                values.Add(v);
            }
        }

        return [.. values];
    }
}
