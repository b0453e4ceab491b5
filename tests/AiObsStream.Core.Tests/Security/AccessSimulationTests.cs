using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Security;
using AiObsStream.Core.Simulation;

namespace AiObsStream.Core.Tests.Security;

/// <summary>The access monitor on the simulator's accesses: each access incident is found, healthy runs stay quiet.</summary>
public class AccessSimulationTests
{
    private static readonly DimsPool Pool = new();

    private static List<AlertEvent> Monitor(SimulationOptions options)
    {
        var m = new AccessMonitor(new AccessMonitorOptions());
        var alerts = new List<AlertEvent>();
        long last = 0;
        foreach (var a in AccessSimulator.Generate(options))
        {
            var resource = a.KeyVault ? AccessSimulator.VaultResourceId : SimFleet.AccountResourceId;
            var dims = Pool.Intern(new DimsKey(TelemetrySource.AzureOpenAI, "", "", "", a.Operation, resource, "", ""));
            var t = new DateTimeOffset(a.Ticks, TimeSpan.Zero).ToUnixTimeMilliseconds();
            var e = TelemetryEvent.NewSample(a.KeyVault ? EventKind.SecretAccess : EventKind.Audit, t, dims, MetricNames.AuditEvents, 1);
            e.Detail = AccessSimulator.Identities[a.Identity].ObjectId;
            m.Observe(in e, alerts);
            last = t;
        }

        m.AdvanceWatermark(last + 120_000, alerts);
        return alerts;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Healthy_NoAlert(int seed)
    {
        Assert.Empty(Monitor(new SimulationOptions { Seed = seed, Minutes = 60 }));
    }

    [Theory]
    [InlineData(1, 6)]
    [InlineData(2, 7)]
    [InlineData(3, 8)]
    public void SecretAccess_RateAlertForTheIdentity_InTheIncident(int seed, int onset)
    {
        var options = new SimulationOptions { Seed = seed, Minutes = 20, Incidents = [new IncidentSpec(IncidentKind.SecretAccess, onset)] };
        var start = options.Start.ToUnixTimeMilliseconds() + (onset * 60_000L);

        var alerts = Monitor(options);

        var firing = Assert.Single(alerts, a => a.Status == AlertStatus.Firing);
        Assert.Equal(SecurityRules.SecretAccessRate, firing.Rule);
        Assert.InRange(firing.StartsAtMs, start - 60_000, start + 120_000);
        Assert.StartsWith("Identity=" + AccessSimulator.Identities[AccessSimulator.SecretAccessIdentity].ObjectId, firing.OtherDims, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 6)]
    [InlineData(2, 8)]
    public void KeyExfiltration_KeyListingByANewIdentity(int seed, int onset)
    {
        var options = new SimulationOptions { Seed = seed, Minutes = 20, Incidents = [new IncidentSpec(IncidentKind.KeyExfiltration, onset)] };

        var rules = Monitor(options).Where(a => a.Status == AlertStatus.Firing).Select(a => a.Rule).Order(StringComparer.Ordinal);

        Assert.Equal([SecurityRules.KeyOperation, SecurityRules.NewIdentity], rules);
    }
}
