using AiObsStream.Cli.Configuration;
using AiObsStream.Core.Events;
using AiObsStream.Core.Network;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Security;

namespace AiObsStream.Cli.Tests.Configuration;

/// <summary>
/// Settings of <c>security.callers</c>, <c>security.access</c> and <c>network.dependencies</c> change what the monitors
/// report: the same stream fires with the defaults and stays quiet under a stricter file setting.
/// </summary>
public class MonitorConfigEffectTests
{
    private const long Window = 60_000;
    private const long T0 = 1_764_028_800_000; // a day boundary, so also a window boundary
    private const string Vault = "/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV1";
    private const string Target = "HTTP|aoai-prod-eastus2.openai.azure.com";
    private static readonly DimsPool Pool = new();

    [Theory]
    [InlineData("{}", true)]
    [InlineData("""{ "security": { "callers": { "surgeFactor": 20 } } }""", false)] // the surge is 10x the baseline
    [InlineData("""{ "security": { "callers": { "minRequests": 500 } } }""", false)] // the surging caller sends 400 a window
    [InlineData("""{ "security": { "callers": { "surgeZ": 1000 } } }""", false)]
    public void CallerSurge_FiresUnderTheDefaults_NotUnderAStricterSetting(string json, bool fires)
    {
        var monitor = new CallerConsumptionMonitor(EngineConfiguration.Parse(json).Security);
        var alerts = new List<AlertEvent>();
        for (var w = 0; w < 16; w++)
        {
            var surging = w is >= 10 and < 13 ? 400 : 40 + (w % 3);
            Requests(monitor, w, "10.0.0.***", surging, alerts);
            Requests(monitor, w, "b610ab05-ce06-4cc1-a6dd-174b9f80468a", 30 - (w % 4), alerts);
            Requests(monitor, w, "81.2.69.***", 25, alerts);
        }

        monitor.AdvanceWatermark(long.MaxValue, alerts);
        Assert.Equal(fires, alerts.Any(a => a.Rule == SecurityRules.CallerSurge && a.Status == AlertStatus.Firing));
    }

    [Theory]
    [InlineData("{}", true)]
    [InlineData("""{ "security": { "access": { "rateFactor": 30 } } }""", false)] // 60 reads against a baseline of 3
    [InlineData("""{ "security": { "access": { "minAccesses": 100 } } }""", false)]
    [InlineData("""{ "security": { "access": { "minBaselineWindows": 15 } } }""", false)] // the jump comes after 10 windows
    public void SecretAccessRate_FiresUnderTheDefaults_NotUnderAStricterSetting(string json, bool fires)
    {
        var monitor = new AccessMonitor(EngineConfiguration.Parse(json).Access);
        var events = new List<TelemetryEvent>();
        for (var w = 0; w < 20; w++)
        {
            Reads(events, w, "app-a", w is >= 10 and < 13 ? 60 : 3);
            Reads(events, w, "app-b", 2);
        }

        var alerts = new List<AlertEvent>();
        foreach (var e in events.OrderBy(e => e.TimeUnixMs))
        {
            monitor.Observe(in e, alerts);
        }

        monitor.AdvanceWatermark(T0 + (22 * Window), alerts);
        Assert.Equal(fires, alerts.Any(a => a.Rule == SecurityRules.SecretAccessRate && a.Status == AlertStatus.Firing));
    }

    [Theory]
    [InlineData("{}", true)]
    [InlineData("""{ "network": { "dependencies": { "minPathMs": 1000 } } }""", false)] // 500 ms more on the way
    [InlineData("""{ "network": { "dependencies": { "minCalls": 50 } } }""", false)] // 30 calls a window
    [InlineData("""{ "network": { "dependencies": { "pathFactor": 40 } } }""", false)] // 530 ms against a baseline of 30
    public void DependencyPath_FiresUnderTheDefaults_NotUnderAStricterSetting(string json, bool fires)
    {
        var monitor = new DependencyLatencyMonitor(EngineConfiguration.Parse(json).Dependencies);
        var alerts = new List<AlertEvent>();
        for (var w = 0; w < 20; w++)
        {
            var path = w is >= 10 and < 14 ? 530 : 30;
            for (var i = 0; i < 30; i++)
            {
                var t = T0 + (w * Window) + (i * (Window / 31));
                var model = 1000 + (i % 2 == 0 ? 50 : -50);
                monitor.Observe(Call(t, model, TelemetrySource.AzureOpenAI));
                monitor.Observe(Call(t, model + path, TelemetrySource.AppInsights));
            }

            monitor.AdvanceWatermark(T0 + ((w + 1) * Window), alerts);
        }

        monitor.AdvanceWatermark(long.MaxValue, alerts);
        Assert.Equal(fires, alerts.Any(a => a.Rule == DependencyRules.Path && a.Status == AlertStatus.Firing));
    }

    private static void Requests(CallerConsumptionMonitor monitor, int w, string caller, int requests, List<AlertEvent> alerts)
    {
        var dims = Pool.Intern(new DimsKey(TelemetrySource.AzureOpenAI, "chat-prod", "gpt-4o", "2024-08-06", "ChatCompletions_Create", "/R", "", ""));
        for (var i = 0; i < requests; i++)
        {
            var e = TelemetryEvent.NewRequest(T0 + (w * Window) + (i * (Window / (requests + 1))), dims);
            e.Status = 200;
            e.Success = true;
            e.PromptTokens = 400;
            e.CompletionTokens = 100;
            e.Detail = caller;
            e.Value = 2000;
            monitor.Observe(in e, alerts);
        }
    }

    private static void Reads(List<TelemetryEvent> events, int w, string identity, int reads)
    {
        var dims = Pool.Intern(new DimsKey(TelemetrySource.AzureOpenAI, "", "", "", "SecretGet", Vault, "", ""));
        for (var i = 0; i < reads; i++)
        {
            var e = TelemetryEvent.NewSample(EventKind.SecretAccess, T0 + (w * Window) + (i * (Window / (reads + 1))), dims, MetricNames.AuditEvents, 1);
            e.Detail = identity;
            e.Status = 200;
            events.Add(e);
        }
    }

    private static TelemetryEvent Call(long t, double ms, TelemetrySource source)
    {
        var operation = source == TelemetrySource.AppInsights ? "llm-inference" : "ChatCompletions_Create";
        var e = TelemetryEvent.NewRequest(t, Pool.Intern(new DimsKey(source, "chat-prod", "gpt-4o", "2024-08-06", operation, "/R", "", "")));
        e.LatencyMs = ms;
        e.Status = 200;
        e.Success = true;
        e.Detail = source == TelemetrySource.AppInsights ? Target : "10.0.0.***";
        return e;
    }
}
