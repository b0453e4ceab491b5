using System.Globalization;
using System.Text.Json.Nodes;

namespace AiObsStream.Cli.Tests.Deploy;

/// <summary>
/// The scale-out overlay's <c>aiobs relay</c> Deployment, rendered by <c>kubectl kustomize</c>, against the CLI: its command
/// line validates as the relay does at start, it reads the alert topic the engines publish to, probes and scrapes reach
/// its listener, its state is on its own claim, and its pods and the engine's never share a selector.
/// </summary>
public class DeployRelayRenderTests
{
    private const string ScaleOut = "deploy/kubernetes/overlays/scale-out";

    private static readonly Lazy<Task<IReadOnlyList<JsonObject>>> Rendered = new(() => Kustomize.RenderAsync(ScaleOut));

    [Theory]
    [MemberData(nameof(DeployRenderTests.Folders), MemberType = typeof(DeployRenderTests))]
    public async Task Render_ScaleOutEngines_HaveARelay_AndEveryWorkloadItsOwnSelector(string folder)
    {
        var manifests = await Kustomize.RenderAsync(folder);
        var engine = RenderedDeployment.From(manifests);
        var relay = RenderedDeployment.TryFrom(manifests, "relay");

        Assert.Equal(engine.Args.Contains("--scale-out"), relay is not null); // scale-out engines send no notification themselves
        if (relay is not null)
        {
            Assert.False(Selects(engine.Selector, relay.PodLabels), "the engine's selector selects the relay's pods");
            Assert.False(Selects(relay.Selector, engine.PodLabels), "the relay's selector selects the engine's pods");
            foreach (var service in engine.OfKind("Service"))
            {
                var selector = service["spec"]!["selector"]!.AsObject();
                Assert.False(selector.Count > 0 && Selects(selector, engine.PodLabels) && Selects(selector, relay.PodLabels),
                    $"Service {RenderedDeployment.Name(service)} selects both workloads");
            }
        }
    }

    [Fact]
    public async Task Render_Relay_CommandLineValidates_AndReadsTheEnginesAlertTopic()
    {
        var manifests = await Rendered.Value;
        var relay = RenderedDeployment.From(manifests, "relay");
        var engine = RenderedDeployment.From(manifests);
        var folder = Directory.CreateTempSubdirectory("aiobs-deploy-relay-").FullName;
        try
        {
            var plan = relay.RelayPlan(folder);
            var engineSettings = engine.Plan(folder).Kafka!.Settings;

            Assert.Equal(engineSettings.AlertsTopic, plan.Options.Topic);
            Assert.Equal(engineSettings.BootstrapServers, plan.Settings.BootstrapServers);
            Assert.NotEqual(engineSettings.GroupId, plan.Settings.GroupId);
            Assert.NotNull(plan.LogAnalytics); // signs in with the workload identity, no secret
            Assert.Equal(("0.0.0.0", 9465), (plan.Service.Listen!.Host, plan.Service.Listen.Port));
            foreach (var path in new[] { plan.OutDir, plan.Options.StateDirectory! })
            {
                Assert.StartsWith("/", path, StringComparison.Ordinal);
                var mount = relay.MountOf(path) ?? throw new InvalidOperationException($"{path} is on no volume mount");
                var claim = relay.ClaimOf(mount.Volume);
                Assert.True(claim is { PerPod: false }, $"{path}: not on the relay's persistent volume claim");
                Assert.Equal("aiobs-relay", RenderedDeployment.Name(claim.Value.Claim));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Render_Relay_OneReplica_ProbedAndScrapedOnItsListener()
    {
        var relay = RenderedDeployment.From(await Rendered.Value, "relay");
        var port = int.Parse(relay.Flag("--listen")!.Split(':')[1], CultureInfo.InvariantCulture);

        Assert.Equal("Deployment", RenderedDeployment.Kind(relay.Workload));
        Assert.Equal(("1", "Recreate"), ((string?)relay.Workload["spec"]!["replicas"], (string?)relay.Workload["spec"]!["strategy"]!["type"]));
        Assert.Equal(("/healthz", port), Probe(relay, "livenessProbe"));
        Assert.Equal(("/readyz", port), Probe(relay, "readinessProbe"));
        var annotations = relay.Workload["spec"]!["template"]!["metadata"]!["annotations"]!;
        Assert.Equal(("true", port.ToString(CultureInfo.InvariantCulture), "/metrics"),
            ((string?)annotations["prometheus.io/scrape"], (string?)annotations["prometheus.io/port"], (string?)annotations["prometheus.io/path"]));

        // Its own Service (selecting its pod only) and ServiceMonitor (selecting that Service only).
        var service = Assert.Single(relay.OfKind("Service"), s => Selects(s["spec"]!["selector"]!.AsObject(), relay.PodLabels));
        var servicePort = Assert.Single(service["spec"]!["ports"]!.AsArray())!;
        Assert.Equal(port, ContainerPort(relay, servicePort["targetPort"]!));
        var monitors = relay.OfKind("ServiceMonitor").Where(m => Selects(m["spec"]!["selector"]!["matchLabels"]!.AsObject(), service["metadata"]!["labels"]!.AsObject())).ToList();
        var monitor = Assert.Single(monitors);
        var endpoint = Assert.Single(monitor["spec"]!["endpoints"]!.AsArray())!;
        Assert.Equal(("/metrics", (string?)servicePort["name"]), ((string?)endpoint["path"], (string?)endpoint["port"]));

        Assert.Equal("true", (string?)relay.PodSpec["securityContext"]!["runAsNonRoot"]);
        Assert.Equal("true", (string?)relay.Container["securityContext"]!["readOnlyRootFilesystem"]);
        Assert.Equal("true", (string?)relay.PodLabels["azure.workload.identity/use"]);
        Assert.Contains(relay.OfKind("ServiceAccount"), a => RenderedDeployment.Name(a) == (string?)relay.PodSpec["serviceAccountName"]);
        Assert.Null(relay.Container["env"]); // nothing secret to pass: Log Analytics signs in with the workload identity
        Assert.NotNull(relay.MountOf("/tmp"));
    }

    private static (string? Path, int Port) Probe(RenderedDeployment deployment, string probe)
    {
        var get = deployment.Container[probe]!["httpGet"]!;
        return ((string?)get["path"], ContainerPort(deployment, get["port"]!));
    }

    private static int ContainerPort(RenderedDeployment deployment, JsonNode port)
    {
        var text = (string)port!;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        var named = deployment.Container["ports"]!.AsArray().Single(p => (string?)p!["name"] == text)!;
        return int.Parse((string)named["containerPort"]!, CultureInfo.InvariantCulture);
    }

    private static bool Selects(JsonObject selector, JsonObject labels) =>
        selector.Count > 0 && selector.All(kv => labels[kv.Key] is { } v && (string?)v == (string?)kv.Value);
}
