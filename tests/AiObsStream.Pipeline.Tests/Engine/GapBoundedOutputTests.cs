using System.Text.Json;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Sinks;

namespace AiObsStream.Pipeline.Tests.Engine;

/// <summary>
/// Output is bounded by data, not by the span of event time (issue #10 §1): two inputs far apart in event time give the
/// same rows, alerts and notifications whether the gap between them is a day or half a year.
/// </summary>
public class GapBoundedOutputTests
{
    private static readonly DateTime March = new(2024, 3, 11, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Replay_InputsApart_NotificationsAndRowsIndependentOfTheGap()
    {
        var day = await RunAsync(TimeSpan.FromDays(1));
        var halfYear = await RunAsync(TimeSpan.FromDays(180));

        Assert.Contains(day.Notifications, n => n.Contains("gpu-temperature", StringComparison.Ordinal)); // the hot GPUs page
        Assert.Equal(day.Notifications.Count, halfYear.Notifications.Count);
        Assert.Equal(day.Rows, halfYear.Rows);
        Assert.Equal(day.Alerts, halfYear.Alerts);
        Assert.InRange(halfYear.Notifications.Count, 1, 20);
    }

    [Fact]
    public async Task Replay_AlertFiringWhenItsDataEnds_ResolvesAtItsOwnTime_NoFiringRepeatAfterTheGap()
    {
        var halfYear = await RunAsync(TimeSpan.FromDays(180));

        // The hot GPUs' series went silent at 09:30 in March: the no-data resolve is dated then (not when the next
        // input's data, half a year later, closes a window), so the notifier never sends a Firing repeat across the gap.
        var hot = halfYear.Notifications.Select(n => JsonDocument.Parse(n).RootElement)
            .Where(n => n.GetRawText().Contains("gpu-temperature", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(hot);
        Assert.True(hot[^1].GetProperty("Status").GetString() == "Resolved", string.Join("\n", hot.Select(h => h.GetRawText()[..Math.Min(400, h.GetRawText().Length)])));
        Assert.All(hot, n => Assert.True(n.GetProperty("TimeGenerated").GetDateTime() < March.AddDays(1), n.GetRawText()));
    }

    private static async Task<(List<string> Notifications, int Rows, int Alerts)> RunAsync(TimeSpan gap)
    {
        // A GPU node running hot for 30 minutes (the temperature alert is firing when its data ends), then, after the
        // gap, 30 minutes of Azure OpenAI requests.
        var dcgm = ReplayCaptures.Dcgm(March, TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(15))
            .Select(l => l.StartsWith("DCGM_FI_DEV_GPU_TEMP{", StringComparison.Ordinal) ? HotTemperature(l) : l).ToList();
        var aoai = ReplayCaptures.AzureOpenAi(March + gap + TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(2));
        var dir = Path.Combine(Path.GetTempPath(), "aiobs-gap-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllLines(Path.Combine(dir, "dcgm.prom"), dcgm);
            File.WriteAllLines(Path.Combine(dir, "aoai.jsonl"), aoai);
            var outDir = Path.Combine(dir, "out");
            await using (var sink = new JsonlDirectorySink(outDir))
            {
                await new StreamEngine(new EngineOptions { Partitions = 2 })
                    .RunAsync([Path.Combine(dir, "dcgm.prom"), Path.Combine(dir, "aoai.jsonl")], sink, CancellationToken.None);
            }

            var notifications = File.ReadAllLines(Path.Combine(outDir, "notifications.jsonl")).ToList();
            Assert.All(notifications, n => JsonDocument.Parse(n).Dispose());
            return (notifications, File.ReadLines(Path.Combine(outDir, "metrics.jsonl")).Count(),
                File.ReadLines(Path.Combine(outDir, "alerts.jsonl")).Count());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Replaces the sample value (between the label set and the timestamp) by 86 °C.</summary>
    private static string HotTemperature(string line)
    {
        var close = line.LastIndexOf('}');
        var rest = line[(close + 2)..];
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        return line[..(close + 2)] + "86" + (space < 0 ? string.Empty : rest[space..]);
    }
}
