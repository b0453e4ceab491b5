using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Security;

namespace AiObsStream.Core.Tests.Security;

public class CallerConsumptionMonitorTests
{
    private const long Window = 60_000;
    private const long T0 = 1_764_000_000_000 - (1_764_000_000_000 % Window);
    private static readonly DimsPool Pool = new();
    private static readonly SeriesDims Dims = Series("gpt4o-prod");

    private static SeriesDims Series(string deployment) =>
        Pool.Intern(new DimsKey(TelemetrySource.AzureOpenAI, deployment, "gpt-4o", "2024-08-06", "ChatCompletions_Create", "/R", "", ""));

    private static TelemetryEvent Request(long t, string caller, double tokens = 500, double bytes = 2000, SeriesDims? dims = null)
    {
        var e = TelemetryEvent.NewRequest(t, dims ?? Dims);
        e.Status = 200;
        e.Success = true;
        e.PromptTokens = tokens * 0.8;
        e.CompletionTokens = tokens * 0.2;
        e.Detail = caller;
        e.Value = bytes;
        return e;
    }

    /// <summary>One window of traffic: <paramref name="callers"/> (caller, requests, tokens each, bytes each), spread over the window.</summary>
    private static List<TelemetryEvent> WindowOf(int w, params (string Caller, int Requests, double Tokens, double Bytes)[] callers)
    {
        var events = new List<TelemetryEvent>();
        foreach (var (caller, requests, tokens, bytes) in callers)
        {
            for (var i = 0; i < requests; i++)
            {
                events.Add(Request(T0 + (w * Window) + (i * (Window / (requests + 1))), caller, tokens, bytes));
            }
        }

        return [.. events.OrderBy(e => e.TimeUnixMs)];
    }

    private static List<AlertEvent> Run(CallerConsumptionMonitor m, IEnumerable<List<TelemetryEvent>> windows)
    {
        var alerts = new List<AlertEvent>();
        foreach (var w in windows)
        {
            m.Observe(w.ToArray(), alerts);
        }

        m.AdvanceWatermark(long.MaxValue, alerts);
        return alerts;
    }

    private static IEnumerable<List<TelemetryEvent>> Steady(int from, int to) =>
        Enumerable.Range(from, to - from).Select(w => WindowOf(w,
            ("10.0.0.***", 40 + (w % 3), 500, 2000), ("b610ab05-ce06-4cc1-a6dd-174b9f80468a", 30 - (w % 4), 400, 1800),
            ("81.2.69.***", 25, 600, 2200)));

    [Fact]
    public void SteadyCallers_NoAlerts()
    {
        var alerts = Run(new CallerConsumptionMonitor(new CallerMonitorOptions()), Steady(0, 30));

        Assert.Empty(alerts);
    }

    [Fact]
    public void CallerSurge_FiresWithCallerInOtherDimsOnly_AndResolves()
    {
        var m = new CallerConsumptionMonitor(new CallerMonitorOptions());
        var surge = Enumerable.Range(10, 3).Select(w => WindowOf(w,
            ("10.0.0.***", 400, 500, 2000), ("b610ab05-ce06-4cc1-a6dd-174b9f80468a", 30, 400, 1800), ("81.2.69.***", 25, 600, 2200)));

        var alerts = Run(m, [.. Steady(0, 10), .. surge, .. Steady(13, 20)]);

        var firing = Assert.Single(alerts, a => a.Status == AlertStatus.Firing);
        Assert.Equal(SecurityRules.CallerSurge, firing.Rule);
        Assert.Equal("Caller=10.0.0.***", firing.OtherDims);
        Assert.Equal("gpt4o-prod", firing.Deployment);
        Assert.Equal("2024-08-06", firing.ModelVersion);
        Assert.Equal(T0 + (10 * Window), firing.StartsAtMs);
        Assert.DoesNotContain("10.0.0", firing.Summary, StringComparison.Ordinal);
        var resolved = Assert.Single(alerts, a => a.Status == AlertStatus.Resolved);
        Assert.Equal(firing.AlertId, resolved.AlertId);
        Assert.Equal(T0 + (13 * Window), resolved.EndsAtMs);
    }

    [Fact]
    public void EveryCallerSurgingTogether_IsNotACallerAnomaly()
    {
        // A load burst or a spend spike raises every caller alike: the deployment grew as much as each caller did.
        var burst = Enumerable.Range(10, 3).Select(w => WindowOf(w,
            ("10.0.0.***", 400, 2500, 2000), ("b610ab05-ce06-4cc1-a6dd-174b9f80468a", 300, 2000, 1800), ("81.2.69.***", 250, 3000, 2200)));

        var alerts = Run(new CallerConsumptionMonitor(new CallerMonitorOptions()), [.. Steady(0, 10), .. burst, .. Steady(13, 16)]);

        Assert.Empty(alerts);
    }

    [Fact]
    public void NewCallerTakingALargeShare_Fires_WithoutCallerInSummary()
    {
        var m = new CallerConsumptionMonitor(new CallerMonitorOptions());
        var intruder = Enumerable.Range(10, 2).Select(w => WindowOf(w,
            ("10.0.0.***", 40, 500, 2000), ("b610ab05-ce06-4cc1-a6dd-174b9f80468a", 30, 400, 1800), ("81.2.69.***", 25, 600, 2200),
            ("203.0.113.***", 120, 700, 2100)));

        var alerts = Run(m, [.. Steady(0, 10), .. intruder]);

        var firing = Assert.Single(alerts, a => a.Status == AlertStatus.Firing);
        Assert.Equal(SecurityRules.NewCallerShare, firing.Rule);
        Assert.Equal("Caller=203.0.113.***", firing.OtherDims);
        Assert.InRange(firing.Value, 0.5, 0.8);
        Assert.DoesNotContain("203.0", firing.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void NewCallersAtStart_NoShareAlert_TheDeploymentHasNoBaselineYet()
    {
        var alerts = Run(new CallerConsumptionMonitor(new CallerMonitorOptions()),
            [WindowOf(0, ("only", 200, 500, 2000)), WindowOf(1, ("only", 200, 500, 2000))]);

        Assert.Empty(alerts);
    }

    [Fact]
    public void LargeResponsesForTheCaller_FireCritical()
    {
        var m = new CallerConsumptionMonitor(new CallerMonitorOptions());
        var exfil = Enumerable.Range(10, 2).Select(w => WindowOf(w,
            ("10.0.0.***", 40, 500, 2000), ("b610ab05-ce06-4cc1-a6dd-174b9f80468a", 30, 400, 1800 * 8), ("81.2.69.***", 25, 600, 2200)));

        var alerts = Run(m, [.. Steady(0, 10), .. exfil]);

        var firing = Assert.Single(alerts, a => a.Status == AlertStatus.Firing);
        Assert.Equal(SecurityRules.LargeResponses, firing.Rule);
        Assert.Equal(Severity.Critical, firing.Severity);
        Assert.Equal("Caller=b610ab05-ce06-4cc1-a6dd-174b9f80468a", firing.OtherDims);
        Assert.Equal(1800 * 8, firing.Value);
    }

    [Fact]
    public void ResponsesLargeForTheCallerButUsualForTheDeployment_NoAlert()
    {
        // A caller that usually asks for short answers starts asking for the deployment's usual size: not exfiltration.
        var m = new CallerConsumptionMonitor(new CallerMonitorOptions());
        var windows = Enumerable.Range(0, 14).Select(w => WindowOf(w,
            ("big-1", 60, 500, 6000), ("big-2", 60, 500, 6000), ("small", 30, 100, w < 10 ? 1000 : 5000)));

        Assert.Empty(Run(m, windows));
    }

    [Fact]
    public void HundredThousandDistinctCallers_StateStaysBoundedAndHeavyCallersStayTracked()
    {
        var options = new CallerMonitorOptions { TopK = 16 };
        var m = new CallerConsumptionMonitor(options);
        var alerts = new List<AlertEvent>();
        var random = new Random(11);
        var distinct = 0;
        for (var w = 0; w < 20; w++)
        {
            var events = new List<TelemetryEvent>();
            for (var i = 0; i < 5000; i++)
            {
                var t = T0 + (w * Window) + (i * (Window / 5000));
                events.Add(random.NextDouble() < 0.4
                    ? Request(t, "heavy-" + random.Next(4))
                    : Request(t, "one-shot-" + distinct++, 50, 300));
            }

            m.Observe(events.ToArray(), alerts);
            Assert.InRange(m.TrackedCallers("gpt4o-prod"), 1, options.TopK);
        }

        m.AdvanceWatermark(long.MaxValue, alerts);
        Assert.True(distinct >= 59_000);
        var top = m.TopCallers("gpt4o-prod");
        Assert.Equal(["heavy-0", "heavy-1", "heavy-2", "heavy-3"], top.Take(4).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(alerts, a => a.OtherDims.StartsWith("Caller=heavy", StringComparison.Ordinal));
    }

    [Fact]
    public void HundredThousandCallersOneRequestEach_TrackedCallersNeverExceedTopK()
    {
        var m = new CallerConsumptionMonitor(new CallerMonitorOptions { TopK = 32 });
        var alerts = new List<AlertEvent>();
        var events = new TelemetryEvent[100_000];
        for (var i = 0; i < events.Length; i++)
        {
            events[i] = Request(T0 + (i * 30L), "c" + i);
        }

        m.Observe(events, alerts);
        m.AdvanceWatermark(long.MaxValue, alerts);

        Assert.Equal(32, m.TrackedCallers("gpt4o-prod"));
        Assert.Equal(1, m.Deployments);
        Assert.Empty(alerts);
    }

    [Fact]
    public void RequestForAClosedWindow_IsCountedLate()
    {
        var m = new CallerConsumptionMonitor(new CallerMonitorOptions());
        var alerts = new List<AlertEvent>();

        m.Observe([Request(T0 + Window, "a"), Request(T0, "a")], alerts);

        Assert.Equal(1, m.Late);
    }

    [Fact]
    public void DeploymentsBeyondTheLimit_AreCountedUntracked()
    {
        var m = new CallerConsumptionMonitor(new CallerMonitorOptions { MaxDeployments = 1 });
        var alerts = new List<AlertEvent>();

        m.Observe([Request(T0, "a"), Request(T0, "a", dims: Series("other"))], alerts);

        Assert.Equal(1, m.Deployments);
        Assert.Equal(1, m.Untracked);
    }

    [Fact]
    public void EventsWithoutCaller_AreIgnored()
    {
        var m = new CallerConsumptionMonitor(new CallerMonitorOptions());
        var e = Request(T0, "a");
        e.Detail = null;

        m.Observe([e], []);

        Assert.Equal(0, m.Deployments);
    }

    [Fact]
    public void SameInput_SameAlerts()
    {
        var surge = WindowOf(10, ("10.0.0.***", 400, 500, 2000), ("81.2.69.***", 25, 600, 2200 * 9));

        var a = Run(new CallerConsumptionMonitor(new CallerMonitorOptions()), [.. Steady(0, 10), surge]);
        var b = Run(new CallerConsumptionMonitor(new CallerMonitorOptions()), [.. Steady(0, 10), surge]);

        Assert.Equal(2, a.Count);
        Assert.Equal(a, b);
    }

    [Theory]
    [InlineData(0, "topK")]
    [InlineData(-1, "window")]
    public void InvalidOptions_ThrowNamingTheSetting(int topK, string setting)
    {
        var options = topK == 0 ? new CallerMonitorOptions { TopK = 0 } : new CallerMonitorOptions { Window = TimeSpan.FromMilliseconds(10) };

        var ex = Assert.Throws<ArgumentException>(() => new CallerConsumptionMonitor(options));

        Assert.Contains(setting, ex.Message, StringComparison.Ordinal);
    }
}
