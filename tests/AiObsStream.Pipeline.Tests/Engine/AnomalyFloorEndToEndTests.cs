using System.Globalization;
using System.Text.Json;

namespace AiObsStream.Pipeline.Tests.Engine;

/// <summary>
/// Issue #11: anomaly alerts need a practical effect. A dcgm-exporter capture of one H100 (flat 45 % utilization, 4.94 %
/// of the frame buffer used) through the whole engine: a wiggle to 5.30 % raises nothing, a jump to 96 % does.
/// </summary>
public class AnomalyFloorEndToEndTests
{
    private static readonly DateTime Start = new(2026, 11, 22, 10, 0, 0, DateTimeKind.Utc);
    private const int TotalMiB = 81_559; // an 80 GB H100 as dcgm reports it (FB_USED + FB_FREE)

    /// <summary>One GPU scraped every 5 s for <paramref name="minutes"/>; <paramref name="usedPct"/> gives fb_used_pct per scrape.</summary>
    private static List<string> Capture(int minutes, Func<int, double> usedPct)
    {
        var lines = new List<string>
        {
            "# HELP DCGM_FI_DEV_GPU_UTIL GPU utilization (in %).",
            "# TYPE DCGM_FI_DEV_GPU_UTIL gauge",
            "# HELP DCGM_FI_DEV_FB_USED Framebuffer memory used (in MiB).",
            "# TYPE DCGM_FI_DEV_FB_USED gauge",
            "# HELP DCGM_FI_DEV_FB_FREE Framebuffer memory free (in MiB).",
            "# TYPE DCGM_FI_DEV_FB_FREE gauge",
        };
        const string labels = "gpu=\"0\",UUID=\"GPU-7f3e2a91-5c4b-4d8e-9a1f-2b6c8d0e4f17\",pci_bus_id=\"00000000:18:00.0\",device=\"nvidia0\",modelName=\"NVIDIA H100 80GB HBM3\",Hostname=\"aks-gpu-0\",DCGM_FI_DRIVER_VERSION=\"550.90.07\",container=\"inference\",namespace=\"ai\",pod=\"chat-prod-7d9f\"";
        for (var k = 0; k < minutes * 12; k++)
        {
            var ms = new DateTimeOffset(Start.AddSeconds(5 * k), TimeSpan.Zero).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            var used = (int)Math.Round(TotalMiB * usedPct(k) / 100) + (k % 3); // a few MiB of allocator jitter
            lines.Add($"DCGM_FI_DEV_GPU_UTIL{{{labels}}} 45 {ms}");
            lines.Add($"DCGM_FI_DEV_FB_USED{{{labels}}} {used} {ms}");
            lines.Add($"DCGM_FI_DEV_FB_FREE{{{labels}}} {TotalMiB - used} {ms}");
        }

        return lines;
    }

    private static async Task<List<JsonElement>> FiringAsync(List<string> capture)
    {
        var r = await IngestionHealthReplayTests.RunAsync([("dcgm.prom", capture, null)]);
        Assert.Empty(r.Dead);
        return r.Alerts.Where(a => a.GetProperty("Status").GetString() == "Firing").ToList();
    }

    private static string Rule(JsonElement a) => a.GetProperty("Rule").GetString()!;

    [Fact]
    public async Task FlatGpu_MemoryWiggleTo5Point3Percent_NoAlert()
    {
        // 4.94 % for 10 minutes, 5.30 % for 3 (the example), back to 4.94 %.
        var firing = await FiringAsync(Capture(18, k => k is >= 120 and < 156 ? 5.30 : 4.94));

        Assert.Empty(firing);
    }

    [Fact]
    public async Task FlatGpu_MemoryJumpTo96Percent_AnomalyAndThresholdAlertsWithTheFloorInTheSummary()
    {
        var firing = await FiringAsync(Capture(18, k => k >= 120 ? 96 : 4.94));

        var anomaly = Assert.Single(firing, a => Rule(a) == "anomaly:fb_used_pct");
        Assert.Equal("2026-11-22T10:10:00.000Z", anomaly.GetProperty("StartsAt").GetString());
        Assert.Contains("pts (floor 5)", anomaly.GetProperty("Summary").GetString(), StringComparison.Ordinal);
        Assert.Contains(firing, a => Rule(a) == "gpu-memory");
        Assert.DoesNotContain(firing, a => Rule(a).StartsWith("anomaly:", StringComparison.Ordinal) && Rule(a) != "anomaly:fb_used_pct");
    }
}
