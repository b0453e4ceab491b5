using AiObsStream.Core.Cost;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using AiObsStream.Core.State;
using static AiObsStream.Core.Tests.Cost.CostRows;

namespace AiObsStream.Core.Tests.Cost;

public class SpendMonitorSurgeTests
{
    private static readonly long T0 = new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private static readonly SeriesDims Chat = Dims(TelemetrySource.AzureOpenAI, "chat-prod", "gpt-4o", "2024-11-20");

    /// <summary>Baseline: 100 requests a minute at $0.003 each ($0.30/min).</summary>
    private static (double Usd, long Requests) Normal(int minute) => (0.30 + (0.01 * (minute % 3)), 100);

    private static SpendMonitor Monitor(SpendSurgeOptions? surge = null) =>
        new(new SpendAlertOptions { SrCnn = false, Forecast = false, Surge = surge ?? new SpendSurgeOptions() }, srCnn: null);

    /// <summary>Feeds one final token cost row per minute (null: no row) and advances after each minute.</summary>
    private static List<AlertEvent> Run(SpendMonitor m, int from, int minutes, Func<int, (double Usd, long Requests)?> spend,
        SeriesDims? dims = null)
    {
        var alerts = new List<AlertEvent>();
        for (var i = from; i < from + minutes; i++)
        {
            if (spend(i) is var (usd, requests))
            {
                m.Observe([Row(T0 + (i * Minute), CostMetricNames.CostUsd, dims ?? Chat, usd, requests)]);
            }

            m.Advance(T0 + ((i + 1) * Minute), alerts, []);
        }

        return alerts;
    }

    /// <summary>20 normal minutes, then 8 minutes of ×1.5 requests at ×4 spend per request, then normal again.</summary>
    private static (double, long)? PromptSurge(int minute) =>
        minute is >= 20 and < 28 ? (1.5 * 100 * 0.012, 150) : Normal(minute);

    [Fact]
    public void Advance_SpendPerRequestX4_FiresAfterSustainWithEvidenceAndResolves()
    {
        var alerts = Run(Monitor(), 0, 40, PromptSurge);
        Assert.Equal([AlertStatus.Firing, AlertStatus.Resolved], alerts.Select(a => a.Status));
        var fired = alerts[0];
        Assert.Equal((SpendMonitor.SurgeRule, "chat-prod", Severity.Warning), (fired.Rule, fired.Deployment, fired.Severity));
        Assert.Equal(T0 + (20 * Minute), fired.StartsAtMs); // the first breaching window
        Assert.Equal(T0 + (22 * Minute), fired.TimeGeneratedMs); // after the second (sustain 2)
        Assert.Equal(1.8, fired.Value, 9);
        Assert.Equal(2 * 0.31, fired.Threshold, 9); // ratio × median of the 10 previous windows
        Assert.Equal(0.31, fired.ExpectedValue, 9);
        Assert.Contains("$0.0031 before, $0.0120 now", fired.Summary, StringComparison.Ordinal);
        var resolved = alerts[1];
        Assert.Equal(fired.AlertId, resolved.AlertId);
        Assert.Equal(T0 + (30 * Minute), resolved.TimeGeneratedMs); // two windows back under 1.3 × baseline
        Assert.Equal(T0 + (28 * Minute), resolved.EndsAtMs);
        Assert.Contains("peak $1.80/min", resolved.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Advance_LoadSurgeWithProportionalSpend_Silent()
    {
        // ×3 traffic at the same price per request: spend ×3, but that is the capacity incident's business.
        var alerts = Run(Monitor(), 0, 40, i => i is >= 20 and < 28 ? (3 * 0.30, 300) : Normal(i));
        Assert.Empty(alerts);
    }

    [Fact]
    public void Advance_LongSurge_SurgingWindowsStayOutOfTheBaseline()
    {
        // 30 minutes at ×4: were surging windows in the baseline, the median would catch up and the alert would resolve.
        var alerts = Run(Monitor(), 0, 60, i => i is >= 20 and < 50 ? (1.2, 100) : Normal(i));
        Assert.Equal([AlertStatus.Firing, AlertStatus.Resolved], alerts.Select(a => a.Status));
        Assert.Equal(T0 + (52 * Minute), alerts[1].TimeGeneratedMs);
    }

    [Fact]
    public void Advance_IncreaseUnderAbsoluteFloor_SilentUnlessFloorLowered()
    {
        // $0.02/min → $0.10/min: ×5 per request but only $0.08/min more, no practical effect at the default $0.50.
        static (double, long)? Small(int i) => i is >= 20 and < 28 ? (0.10, 100) : (0.02, 100);
        Assert.Empty(Run(Monitor(), 0, 40, Small));
        var alerts = Run(Monitor(new SpendSurgeOptions { MinIncreaseUsdPerMinute = 0.05 }), 0, 40, Small);
        Assert.Equal(AlertStatus.Firing, alerts[0].Status);
    }

    [Fact]
    public void Advance_OneBreachingWindow_SilentUnlessSustainIsOne()
    {
        static (double, long)? Blip(int i) => i == 20 ? (1.8, 150) : Normal(i);
        Assert.Empty(Run(Monitor(), 0, 40, Blip));
        var alerts = Run(Monitor(new SpendSurgeOptions { Sustain = 1 }), 0, 40, Blip);
        Assert.Equal([AlertStatus.Firing, AlertStatus.Resolved], alerts.Select(a => a.Status));
        Assert.Equal(T0 + (21 * Minute), alerts[0].TimeGeneratedMs);
    }

    [Fact]
    public void Advance_PerRequestUnderRatio_Silent()
    {
        // Spend ×3.5 from ×3 traffic and ×1.16 per request: above ratio and floor, but mostly load, not a spend incident.
        Assert.Empty(Run(Monitor(), 0, 40, i => i is >= 20 and < 28 ? (1.08, 300) : Normal(i)));
    }

    [Fact]
    public void Advance_FewerThanThreeKnownWindows_SilentThenJudged()
    {
        // Sustain 1 to isolate the warm-up: a surge in minute 2 has only two known windows before it; in minute 3, three.
        var oneWindow = new SpendSurgeOptions { Sustain = 1 };
        Assert.Empty(Run(Monitor(oneWindow), 0, 20, i => i == 2 ? (1.8, 150) : Normal(i)));
        var alerts = Run(Monitor(oneWindow), 0, 20, i => i == 3 ? (1.8, 150) : Normal(i));
        Assert.Equal(T0 + (3 * Minute), Assert.Single(alerts, a => a.Status == AlertStatus.Firing).StartsAtMs);
    }

    [Fact]
    public void Advance_GapWithoutRows_IsUnknownNotZeroSpend()
    {
        // 10 normal minutes, an hour without rows, then normal spend: a $0 baseline from the gap would fire at once.
        Assert.Empty(Run(Monitor(), 0, 120, i => i is >= 10 and < 70 ? null : Normal(i)));
        // And the baseline is rebuilt: a surge 5 minutes after the gap fires.
        var alerts = Run(Monitor(), 0, 90, i => i is >= 10 and < 70 ? null : i is >= 75 and < 80 ? (1.8, 150) : Normal(i));
        Assert.Equal(T0 + (75 * Minute), Assert.Single(alerts, a => a.Status == AlertStatus.Firing).StartsAtMs);
    }

    [Fact]
    public void Advance_GpuCostRows_NotPartOfTheSurge()
    {
        var gpu = Dims(TelemetrySource.DCGM, "chat-prod", "gpt-4o", "2024-11-20", host: "aks-gpu-0", gpu: "0");
        var m = Monitor();
        var alerts = Run(m, 0, 40, i => Normal(i));
        alerts.AddRange(Run(m, 40, 20, i => i >= 50 ? (10.0, 1) : (0.2, 1), gpu));
        Assert.Empty(alerts);
    }

    [Fact]
    public void Advance_Disabled_Silent()
    {
        Assert.Empty(Run(Monitor(new SpendSurgeOptions { Enabled = false }), 0, 40, PromptSurge));
    }

    [Fact]
    public void SaveState_MidSurge_RestoredInstanceRaisesTheSameAlerts()
    {
        var original = Monitor();
        Run(original, 0, 21, PromptSurge); // one breaching window in, not yet sustained
        original.Observe([Row(T0 + (21 * Minute), CostMetricNames.CostUsd, Chat, 0.9, 75)]); // half of an open window
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            original.SaveState(writer);
        }

        stream.Position = 0;
        var restored = Monitor();
        using (var reader = new BinaryReader(stream))
        {
            restored.RestoreState(reader);
        }

        static (double, long)? Rest(int i) => i == 21 ? (0.9, 75) : PromptSurge(i);
        var a = Run(original, 21, 20, Rest);
        var b = Run(restored, 21, 20, Rest);
        Assert.Equal([AlertStatus.Firing, AlertStatus.Resolved], a.Select(x => x.Status));
        Assert.Equal(a, b);
        Assert.Equal(1.8, a[0].Value, 9);
    }

    [Fact]
    public void RestoreState_Version1Checkpoint_RefusedWithClearMessage()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            StateIo.WriteHeader(writer, "SPND", 1);
            writer.Write(0L);
            writer.Write(0);
        }

        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        var ex = Assert.Throws<InvalidDataException>(() => Monitor().RestoreState(reader));
        Assert.Contains("version 1", ex.Message, StringComparison.Ordinal);
    }

    public static TheoryData<SpendSurgeOptions, string> BadOptions => new()
    {
        { new SpendSurgeOptions { Window = TimeSpan.FromSeconds(30) }, "pricing.spend.surge.window" },
        { new SpendSurgeOptions { Window = TimeSpan.FromMinutes(7) }, "pricing.spend.surge.window" },
        { new SpendSurgeOptions { Ratio = 1.0 }, "pricing.spend.surge.ratio" },
        { new SpendSurgeOptions { Ratio = double.NaN }, "pricing.spend.surge.ratio" },
        { new SpendSurgeOptions { BaselineWindows = 2 }, "pricing.spend.surge.baselineWindows" },
        { new SpendSurgeOptions { Sustain = 0 }, "pricing.spend.surge.sustain" },
        { new SpendSurgeOptions { MinIncreaseUsdPerMinute = -1 }, "pricing.spend.surge.minIncreaseUsdPerMinute" },
        { new SpendSurgeOptions { MinIncreaseUsdPerMinute = double.PositiveInfinity }, "pricing.spend.surge.minIncreaseUsdPerMinute" },
        { new SpendSurgeOptions { PerRequestRatio = 0.5 }, "pricing.spend.surge.perRequestRatio" },
        { new SpendSurgeOptions { ResolveRatio = 2.5 }, "pricing.spend.surge.resolveRatio" },
        { new SpendSurgeOptions { ResolveRatio = 0.9 }, "pricing.spend.surge.resolveRatio" },
        { new SpendSurgeOptions { ResolveWindows = 0 }, "pricing.spend.surge.resolveWindows" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Ctor_BadSurgeOption_ThrowsNamingTheSetting(SpendSurgeOptions surge, string setting)
    {
        var ex = Assert.Throws<ArgumentException>(() => Monitor(surge));
        Assert.StartsWith(setting + ":", ex.Message, StringComparison.Ordinal);
    }
}
