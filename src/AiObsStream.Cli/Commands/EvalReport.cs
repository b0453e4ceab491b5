using System.Globalization;
using System.Text;
using System.Text.Json;
using AiObsStream.Core.Evaluation.Nab;

namespace AiObsStream.Cli.Commands;

/// <summary>Writes <c>aiobs eval nab</c> results as a console table and as JSON.</summary>
internal static class EvalReport
{
    /// <summary>One evaluated detector and how long detection plus scoring took.</summary>
    public readonly record struct Row(NabBenchmarkResult Result, TimeSpan Elapsed);

    /// <summary>Writes the table: one line per detector, one normalized score and threshold per profile.</summary>
    public static void WriteTable(TextWriter output, IReadOnlyList<Row> rows)
    {
        var header = new StringBuilder("detector        ");
        foreach (var profile in rows[0].Result.Profiles)
        {
            header.Append(CultureInfo.InvariantCulture, $"{Short(profile.Profile.Name),10}");
        }

        header.Append("  thresholds (per profile)          time");
        output.WriteLine(header.ToString());
        foreach (var row in rows)
        {
            var line = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"{row.Result.DetectorName,-16}"));
            var thresholds = new List<string>();
            foreach (var p in row.Result.Profiles)
            {
                line.Append(CultureInfo.InvariantCulture, $"{p.NormalizedScore,10:F2}");
                thresholds.Add(p.Threshold.ToString("0.######", CultureInfo.InvariantCulture));
            }

            line.Append(CultureInfo.InvariantCulture, $"  {string.Join(" / ", thresholds),-32}{row.Elapsed.TotalSeconds,6:F2}s");
            output.WriteLine(line.ToString());
        }
    }

    /// <summary>Writes every result (raw, null, perfect and normalized scores, thresholds, counts) as JSON.</summary>
    public static void WriteJson(Stream stream, string corpus, int thresholdSteps, IReadOnlyList<Row> rows)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("corpus", corpus);
        json.WriteString("thresholdSweep", thresholdSteps == 0 ? "exact" : $"grid/{thresholdSteps}");
        json.WriteStartArray("detectors");
        foreach (var row in rows)
        {
            var r = row.Result;
            json.WriteStartObject();
            json.WriteString("detector", r.DetectorName);
            json.WriteNumber("series", r.SeriesCount);
            json.WriteNumber("rows", r.RowCount);
            json.WriteNumber("windows", r.WindowCount);
            json.WriteNumber("elapsedSeconds", Math.Round(row.Elapsed.TotalSeconds, 3));
            json.WriteStartObject("profiles");
            foreach (var p in r.Profiles)
            {
                json.WriteStartObject(p.Profile.Name);
                json.WriteNumber("normalizedScore", p.NormalizedScore);
                json.WriteNumber("rawScore", p.RawScore);
                json.WriteNumber("threshold", p.Threshold);
                json.WriteNumber("nullScore", p.NullScore);
                json.WriteNumber("perfectScore", p.PerfectScore);
                json.WriteNumber("tp", p.Best.TruePositives);
                json.WriteNumber("tn", p.Best.TrueNegatives);
                json.WriteNumber("fp", p.Best.FalsePositives);
                json.WriteNumber("fn", p.Best.FalseNegatives);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string Short(string profile) => profile switch
    {
        "reward_low_FP_rate" => "low-FP",
        "reward_low_FN_rate" => "low-FN",
        _ => profile,
    };
}
