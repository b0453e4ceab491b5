using System.CommandLine;
using AiObsStream.Cli.Commands;
using AiObsStream.Cli.Configuration;
using AiObsStream.Cli.Configuration.Sections;
using AiObsStream.Core.Actions;
using AiObsStream.Core.Incidents;
using AiObsStream.Core.Rules;
using AiObsStream.Pipeline.Configuration;
using AiObsStream.Pipeline.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AiObsStream.Cli.Tests.Configuration;

/// <summary>The <c>actions</c> list: validated at start naming the setting, mapped to definitions, checked against the layers it needs.</summary>
public class ActionsConfigTests
{
    private const string Rollback = """
        { "actions": [ { "name": "rollback", "on": { "cause": "version-regression", "severity": "critical", "status": "open" },
          "kind": "logicapp", "url": "https://la.example/invoke?sig=s", "payload": "rollback-previous-version", "dryRun": false,
          "rateLimit": { "perHour": 3 }, "cooldown": "30m" } ] }
        """;

    private static ActionsSettings Bind(string json)
    {
        using var services = new ServiceCollection().AddEngineConfiguration(ConfigDocument.Parse(json)).BuildServiceProvider();
        EngineConfiguration.ValidateOnStart(services);
        return services.GetRequiredService<IOptions<ActionsSettings>>().Value;
    }

    [Fact]
    public void ValidList_MapsEverySetting()
    {
        var a = Assert.Single(EngineOptionsMapping.Actions(Bind(Rollback)));
        Assert.Equal(("rollback", IncidentCause.VersionRegression, Severity.Critical, ActionTrigger.Open, ActionKind.LogicApp),
            (a.Name, a.Cause, a.Severity, a.On, a.Kind));
        Assert.Equal((ActionPayload.RollbackPreviousVersion, false, 3, TimeSpan.FromMinutes(30)), (a.Payload, a.DryRun, a.PerHour, a.Cooldown));
    }

    [Fact]
    public void Defaults_DryRunWebhookFiringCustom()
    {
        var a = Assert.Single(EngineOptionsMapping.Actions(Bind("""{ "actions": [ { "name": "x", "on": { "rule": "latency-*" }, "url": "http://127.0.0.1:9/x" } ] }""")));
        Assert.Equal((true, ActionKind.Webhook, ActionTrigger.Firing, ActionPayload.Custom, (int?)null), (a.DryRun, a.Kind, a.On, a.Payload, a.PerHour));
    }

    [Fact]
    public void NoActions_EmptyList() => Assert.Empty(EngineOptionsMapping.Actions(Bind("{}")));

    [Theory]
    [InlineData("""{ "actions": { "name": "x" } }""", "actions: expected array")]
    [InlineData("""{ "actions": [ { "name": "x", "on": { "cause": "capacity" }, "url": "https://a/b", "retries": 3 } ] }""", "actions[0].retries: unknown setting")]
    [InlineData("""{ "actions": [ { "name": "x", "on": { "cause": "capacity" }, "url": "https://a/b", "dryRun": "no" } ] }""", "actions[0].dryRun: expected true or false")]
    [InlineData("""{ "actions": [ { "name": "x", "on": { "cause": "overload" }, "url": "https://a/b" } ] }""", "actions[0].on.cause: 'overload' is not one of unexplained, capacity")]
    [InlineData("""{ "actions": [ { "name": "x", "on": { "severity": "high" }, "url": "https://a/b" } ] }""", "actions[0].on.severity: 'high' is not one of warning, critical")]
    [InlineData("""{ "actions": [ { "name": "x", "on": { "severity": "critical", "status": "resolved" }, "url": "https://a/b" } ] }""", "actions[0].on.status: 'resolved' is not one of firing, open")]
    [InlineData("""{ "actions": [ { "name": "x", "on": { "cause": "capacity" }, "kind": "lambda", "url": "https://a/b" } ] }""", "actions[0].kind: 'lambda' is not one of webhook, logicapp, pipeline")]
    [InlineData("""{ "actions": [ { "name": "x", "on": { "cause": "capacity" }, "url": "https://a/b", "payload": "rollback" } ] }""", "actions[0].payload: 'rollback' is not one of rollback-previous-version, scale-out")]
    [InlineData("""{ "actions": [ { "name": "x", "on": { "cause": "capacity" } } ] }""", "actions[0].url: required")]
    [InlineData("""{ "actions": [ { "name": "x", "on": { "cause": "capacity" }, "url": "not a url" } ] }""", "actions[0].url: not an absolute URL")]
    [InlineData("""{ "actions": [ { "name": "x", "on": { "cause": "capacity" }, "url": "/relative" } ] }""", "actions[0] (x).url: 'file:///relative' is not an absolute http(s) URL")]
    [InlineData("""{ "actions": [ { "name": "x", "on": { "cause": "capacity" }, "url": "https://a/b", "rateLimit": { "perHour": 0.5 } } ] }""", "actions[0].rateLimit.perHour: expected a whole number from 1")]
    [InlineData("""{ "actions": [ { "name": "x", "on": { "cause": "capacity" }, "url": "https://a/b", "cooldown": "soon" } ] }""", "actions[0].cooldown: 'soon' is not a duration")]
    [InlineData("""{ "actions": [ { "name": "x", "url": "https://a/b" } ] }""", "actions[0] (x).on: needs at least one of cause, rule, severity")]
    [InlineData("""{ "actions": [ { "name": "x", "on": { "cause": "capacity" }, "kind": "logicapp", "url": "http://a/b" } ] }""", "actions[0] (x).url: a Logic App trigger is called over https")]
    [InlineData("""{ "actions": [ { "name": "x", "on": { "cause": "capacity" }, "url": "https://a/b" }, { "name": "x", "on": { "cause": "spend" }, "url": "https://a/c" } ] }""", "actions[1].name: 'x' is used twice")]
    public void BadSetting_FailsAtStartNamingIt(string json, string expected)
    {
        var ex = Assert.Throws<ConfigException>(() => EngineConfiguration.Parse(json));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NeedsNotifications_AndIncidentsForACause()
    {
        var settings = Bind(Rollback);
        var noNotifications = Assert.Throws<ConfigException>(() => ActionsCli.Parse(settings, new EngineOptions { Notifications = null }));
        Assert.StartsWith("actions: need the notification layer", noNotifications.Message, StringComparison.Ordinal);
        var noIncidents = new EngineOptions { Incidents = new IncidentOptions { Enabled = false } };
        Assert.StartsWith("actions[0].on.cause: needs the incident layer", Assert.Throws<ConfigException>(() => ActionsCli.Parse(settings, noIncidents)).Message, StringComparison.Ordinal);
        Assert.Single(ActionsCli.Parse(settings, new EngineOptions()));
    }

    [Fact]
    public void RunPlan_CarriesTheActions()
    {
        var input = Path.GetTempFileName();
        var parse = new RootCommand { RunCommand.Create() }.Parse(["run", "--input", input, "--out", Path.GetDirectoryName(input)!]);
        var plan = RunPlan.Create(parse, new EngineOptions(), new KafkaFileSettings(), null, Bind(Rollback));
        Assert.Equal("rollback", Assert.Single(plan.Actions).Name);
        Assert.Empty(RunPlan.Create(parse, new EngineOptions(), new KafkaFileSettings()).Actions);
        File.Delete(input);
    }
}
