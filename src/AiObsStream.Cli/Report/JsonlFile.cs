using System.Text.Json;

namespace AiObsStream.Cli.Report;

/// <summary>
/// Streams the objects of a JSON-lines output file one line at a time (memory bounded by the longest line). A line that
/// is not a JSON object is counted in <see cref="ReportInputs.BadLines"/> and skipped, so a truncated or damaged file
/// still gives a report of what it holds; a missing file is an empty one (the report says which were missing).
/// </summary>
internal static class JsonlFile
{
    public static IEnumerable<JsonElement> Read(string path, ReportInputs inputs)
    {
        if (!File.Exists(path))
        {
            if (!inputs.Missing.Contains(Path.GetFileName(path)))
            {
                inputs.Missing.Add(Path.GetFileName(path));
            }

            yield break;
        }

        using var reader = new StreamReader(path);
        var lineNo = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if (line.Length == 0)
            {
                continue;
            }

            JsonDocument? doc;
            try
            {
                doc = JsonDocument.Parse(line);
            }
            catch (JsonException)
            {
                doc = null;
            }

            if (doc is null || doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                doc?.Dispose();
                inputs.AddBadLine(Path.GetFileName(path), lineNo);
                continue;
            }

            using (doc)
            {
                yield return doc.RootElement;
            }
        }
    }

    public static string Str(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() ?? string.Empty : string.Empty;

    public static double Num(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetDouble(out var d) ? d : double.NaN;

    /// <summary>An ISO-8601 time as Unix ms; -1 when absent or not a time.</summary>
    public static long Time(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String && p.TryGetDateTimeOffset(out var t) ? t.ToUnixTimeMilliseconds() : -1;

    public static IEnumerable<string> Strings(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Array
            ? p.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString() ?? string.Empty)
            : [];
}
