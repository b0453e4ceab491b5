using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using AiObsStream.TestKit;

namespace AiObsStream.Cli.Tests.Fuzz;

/// <summary>
/// Builds the CLI fuzz inputs from the bundled H100 trace: each unit gets its own Deployment (its traced id) and its
/// dedup identities are prefixed with that id, so a mutation of one unit can never make another one a duplicate.
/// </summary>
internal static partial class FuzzInputs
{
    /// <summary>The dcgm fields whose every sample is its own metric row (FB used/free pair up; counters need two samples).</summary>
    private static readonly string[] GaugeFields =
        ["DCGM_FI_DEV_GPU_UTIL{", "DCGM_FI_DEV_MEM_COPY_UTIL{", "DCGM_FI_DEV_GPU_TEMP{", "DCGM_FI_DEV_POWER_USAGE{", "DCGM_FI_DEV_SM_CLOCK{"];

    public static FuzzInput Log(int count) => Tag("log.jsonl", [], TraceLines("requests.jsonl.gz", count), "fz-L", line =>
        LogRequestId().Replace(LogDeployment().Replace(line, "\"deployment\": \"{id}\"", 1), "\"request_id\": \"{id}-", 1));

    public static FuzzInput Aoai(int count) => Tag("aoai.jsonl", [], TraceLines("aoai-diagnostics.jsonl.gz", count), "fz-A", body => body
        .Replace("modelDeploymentName\\\":\\\"chat-prod\\\"", "modelDeploymentName\\\":\\\"{id}\\\"", StringComparison.Ordinal)
        .Replace("\"modelDeploymentName\":\"chat-prod\"", "\"modelDeploymentName\":\"{id}\"", StringComparison.Ordinal)
        .Replace("\"correlationId\":\"", "\"correlationId\":\"{id}-", StringComparison.Ordinal));

    public static FuzzInput AppInsights(int count) => Tag("appinsights.jsonl", [], TraceLines("appinsights-dependencies.jsonl.gz", count), "fz-I", body => body
        .Replace("\"deployment\":\"chat-prod\"", "\"deployment\":\"{id}\"", StringComparison.Ordinal)
        .Replace("\"OperationId\":\"", "\"OperationId\":\"{id}-", StringComparison.Ordinal));

    public static FuzzInput Dcgm(int count)
    {
        var all = TraceLines("dcgm.prom.gz", int.MaxValue);
        var header = all.Where(l => l.StartsWith("# ", StringComparison.Ordinal)).ToList();
        var samples = all.Where(l => GaugeFields.Any(f => l.StartsWith(f, StringComparison.Ordinal))).Take(count).ToList();
        // Each unit is its own deployment on its own GPU (the id prefixes the UUID): GPU time is shared among the
        // deployments seen on a GPU in a window (cost), so on a shared GPU one unit's dead letter would change the
        // others' cost rows although their own data is untouched.
        return Tag("dcgm.prom", header, samples, "fz-D",
            line => ReplaceFirst(ReplaceFirst(line, "{", "{deployment=\"{id}\","), "UUID=\"", "UUID=\"{id}-"));
    }

    /// <summary>Tags each unit: <paramref name="tag"/> inserts the placeholder "{id}", replaced by the unit's id.</summary>
    private static FuzzInput Tag(string file, List<string> header, List<string> lines, string prefix, Func<string, string> tag)
    {
        var units = new List<byte[]>();
        var ids = new List<string>();
        for (var i = 0; i < lines.Count; i++)
        {
            var id = prefix + (i + 1).ToString("0000", System.Globalization.CultureInfo.InvariantCulture);
            var tagged = tag(lines[i]);
            if (!tagged.Contains("{id}", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{file}: unit {i} has no field to carry its id");
            }

            units.Add(Encoding.UTF8.GetBytes(tagged.Replace("{id}", id, StringComparison.Ordinal)));
            ids.Add(id);
        }

        return new FuzzInput(file, [.. header.Select(Encoding.UTF8.GetBytes)], units, ids);
    }

    private static string ReplaceFirst(string text, string find, string replacement)
    {
        var at = text.IndexOf(find, StringComparison.Ordinal);
        return text[..at] + replacement + text[(at + find.Length)..];
    }

    private static List<string> TraceLines(string file, int count)
    {
        using var gz = new GZipStream(File.OpenRead(TestData.Path("h100-trace-a", file)), CompressionMode.Decompress);
        using var reader = new StreamReader(gz, Encoding.UTF8);
        var lines = new List<string>();
        while (lines.Count < count && reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    [GeneratedRegex("\"deployment\": \"[^\"]*\"")]
    private static partial Regex LogDeployment();

    [GeneratedRegex("\"request_id\": \"")]
    private static partial Regex LogRequestId();
}
