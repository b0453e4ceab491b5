using System.Text.Json;

namespace AiObsStream.Cli.Tests.Report;

/// <summary>A temporary output folder with hand-written rows, for the report's data-extraction tests.</summary>
internal sealed class ReportFolder : IDisposable
{
    public ReportFolder() => Dir = Directory.CreateTempSubdirectory("aiobs-report-").FullName;

    public string Dir { get; }

    public void Dispose() => Directory.Delete(Dir, recursive: true);

    /// <summary>Creates the five output files empty (as a run with no data writes them).</summary>
    public ReportFolder Empty()
    {
        foreach (var f in new[] { "metrics", "alerts", "incidents", "notifications", "deadletter" })
        {
            File.WriteAllText(Path.Combine(Dir, f + ".jsonl"), string.Empty);
        }

        return this;
    }

    public void Append(string file, params object[] lines) =>
        File.AppendAllLines(Path.Combine(Dir, file), lines.Select(l => l as string ?? JsonSerializer.Serialize(l)));

    public static string At(int minute) => new DateTimeOffset(2026, 11, 22, 11, 0, 0, TimeSpan.Zero).AddMinutes(minute).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A metrics row of minute <paramref name="minute"/> with the given statistics.</summary>
    public static Dictionary<string, object> Row(int minute, string metric, string source, string deployment = "", string version = "", params (string Key, object Value)[] stats)
    {
        var row = new Dictionary<string, object>
        {
            ["TimeGenerated"] = At(minute), ["WindowStart"] = At(minute), ["WindowEnd"] = At(minute + 1), ["Metric"] = metric,
            ["Source"] = source, ["Deployment"] = deployment, ["ModelName"] = "", ["ModelVersion"] = version, ["Operation"] = "",
            ["Resource"] = "", ["Host"] = "", ["Gpu"] = "", ["Revision"] = 0, ["RowId"] = $"{metric}-{source}-{deployment}-{version}-{minute}",
        };
        foreach (var (k, v) in stats)
        {
            row[k] = v;
        }

        return row;
    }
}
