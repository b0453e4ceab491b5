using System.Text.Json;

namespace AiObsStream.Cli.Report;

/// <summary>The charts as JSON for the page script: times in Unix seconds (uPlot's unit), one aligned array per line.</summary>
internal static partial class HtmlReportWriter
{
    private static void WriteChartData(ReportModel m, TextWriter w)
    {
        using var buffer = new MemoryStream();
        using (var j = new Utf8JsonWriter(buffer))
        {
            // The default encoder escapes '<', '>' and '&', so no text in the data can close the script element.
            j.WriteStartObject();
            j.WriteStartArray("charts");
            foreach (var c in m.Charts)
            {
                WriteChart(c, j);
            }

            j.WriteEndArray();
            j.WriteEndObject();
        }

        w.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private static void WriteChart(ChartData c, Utf8JsonWriter j)
    {
        var lines = c.Series.Where(s => s.Series.Count > 0).Select(s => (s.Label, Points: s.Series.Points(), s.Series.BucketMs)).ToList();
        var times = lines.SelectMany(l => l.Points.Select(p => p.Time)).Distinct().Order().ToList();
        var index = new Dictionary<long, int>(times.Count);
        for (var i = 0; i < times.Count; i++)
        {
            index[times[i]] = i;
        }

        j.WriteStartObject();
        j.WriteString("id", c.Id);
        j.WriteString("title", c.Title);
        j.WriteString("unit", c.Unit);
        j.WriteNumber("bucketMs", lines.Max(l => l.BucketMs));
        j.WriteNumber("stepMs", c.StepMs);
        j.WriteStartArray("x");
        foreach (var t in times)
        {
            j.WriteNumberValue(t / 1000.0);
        }

        j.WriteEndArray();
        j.WriteStartArray("series");
        foreach (var (label, points, _) in lines)
        {
            var values = new double?[times.Count];
            foreach (var (t, v) in points)
            {
                values[index[t]] = v * c.Scale;
            }

            j.WriteStartObject();
            j.WriteString("label", label);
            j.WriteStartArray("v");
            foreach (var v in values)
            {
                if (v is { } d && double.IsFinite(d))
                {
                    j.WriteNumberValue(Math.Round(d, 6));
                }
                else
                {
                    j.WriteNullValue();
                }
            }

            j.WriteEndArray();
            j.WriteEndObject();
        }

        j.WriteEndArray();
        j.WriteStartArray("bands");
        foreach (var (upper, lower) in c.Bands)
        {
            var u = lines.FindIndex(l => l.Label == upper);
            var l = lines.FindIndex(l => l.Label == lower);
            if (u >= 0 && l >= 0)
            {
                // uPlot's series indexes: 0 is the time axis.
                j.WriteStartArray();
                j.WriteNumberValue(u + 1);
                j.WriteNumberValue(l + 1);
                j.WriteEndArray();
            }
        }

        j.WriteEndArray();
        j.WriteStartArray("markers");
        foreach (var mk in c.Markers.OrderBy(x => x.TimeMs))
        {
            j.WriteStartObject();
            j.WriteNumber("t", mk.TimeMs / 1000.0);
            j.WriteString("label", mk.Label);
            j.WriteString("kind", mk.Kind);
            j.WriteEndObject();
        }

        j.WriteEndArray();
        j.WriteEndObject();
    }
}
