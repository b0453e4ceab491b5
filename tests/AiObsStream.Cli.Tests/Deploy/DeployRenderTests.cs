using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiObsStream.Cli.Commands;
using AiObsStream.Kafka;

namespace AiObsStream.Cli.Tests.Deploy;

/// <summary>
/// Every kustomization in deploy/kubernetes, rendered by <c>kubectl kustomize</c>, against the CLI it runs: the container's
/// command line and ConfigMap parse with the CLI's own loader, probes and scrapes reach the listener, state lives on the
/// persistent volume, no secret value is in a manifest, and KEDA watches the group and topics the engine consumes.
/// </summary>
public class DeployRenderTests
{
    private static readonly ConcurrentDictionary<string, Task<IReadOnlyList<JsonObject>>> Renders = new(StringComparer.Ordinal);

    private static readonly JsonDocumentOptions JsonWithComments = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static TheoryData<string> Folders() => [.. Kustomize.Folders()];

    [Fact]
    public void Folders_BaseAndOverlays_AllFound()
    {
        Assert.Equal(
            ["deploy/kubernetes/base", "deploy/kubernetes/overlays/eventhubs", "deploy/kubernetes/overlays/scale-out", "deploy/kubernetes/overlays/scrape"],
            Kustomize.Folders());
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public async Task Render_ContainerCommandLine_ParsesWithTheCliConfigLoader(string folder)
    {
        var (_, plan) = await PlanAsync(folder);

        Assert.True(plan.IsLive, "a pod runs a live mode (Kafka / Event Hubs or scrape), not a replay");
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public async Task Render_Probes_PointAtTheListenerEndpointsOnEveryInterface(string folder)
    {
        var deployment = RenderedDeployment.From(await RenderAsync(folder));
        var (address, port) = Listen(deployment);

        Assert.Equal("0.0.0.0", address);
        Assert.Equal(("/healthz", port), Probe(deployment, "livenessProbe"));
        Assert.Equal(("/readyz", port), Probe(deployment, "readinessProbe"));
        if (deployment.Container["startupProbe"] is not null)
        {
            Assert.Equal(("/healthz", port), Probe(deployment, "startupProbe"));
        }
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public async Task Render_Prometheus_ScrapesMetricsOnTheListenerPort(string folder)
    {
        var deployment = RenderedDeployment.From(await RenderAsync(folder));
        var (_, port) = Listen(deployment);
        var annotations = deployment.Workload["spec"]!["template"]!["metadata"]!["annotations"]!;

        Assert.Equal(("true", port.ToString(CultureInfo.InvariantCulture), "/metrics"),
            ((string?)annotations["prometheus.io/scrape"], (string?)annotations["prometheus.io/port"], (string?)annotations["prometheus.io/path"]));
        // The engine's Service (the one selecting its pods; a relay beside it has its own) and the ServiceMonitor selecting it.
        var service = Assert.Single(deployment.OfKind("Service"), s => Selects(s["spec"]!["selector"]!.AsObject(), deployment.PodLabels));
        var monitor = Assert.Single(deployment.OfKind("ServiceMonitor"),
            m => Selects(m["spec"]!["selector"]!["matchLabels"]!.AsObject(), service["metadata"]!["labels"]!.AsObject()));
        var endpoint = Assert.Single(monitor["spec"]!["endpoints"]!.AsArray())!;
        Assert.Equal("/metrics", (string?)endpoint["path"]);
        var servicePort = service["spec"]!["ports"]!.AsArray().Single(p => (string?)p!["name"] == (string?)endpoint["port"])!;
        Assert.Equal(port, ContainerPort(deployment, servicePort["targetPort"]!));
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public async Task Render_StateAndOutput_OnAPerPodClaim_OrOneReadWriteManyClaimForScaleOut(string folder)
    {
        var (deployment, plan) = await PlanAsync(folder);

        Assert.Equal("StatefulSet", RenderedDeployment.Kind(deployment.Workload));
        var folders = new List<string> { plan.OutDir };
        if (plan.Kafka is not null)
        {
            folders.Add(Assert.IsType<string>(plan.Kafka.StateDirectory));
        }

        foreach (var path in folders)
        {
            Assert.StartsWith("/", path, StringComparison.Ordinal);
            var mount = deployment.MountOf(path);
            Assert.True(mount is not null, $"{path} is on no volume mount");
            var claim = deployment.ClaimOf(mount.Value.Volume);
            Assert.True(claim is not null, $"{path}: volume '{mount.Value.Volume}' is not a persistent volume claim");
            var modes = claim.Value.Claim["spec"]!["accessModes"]!.AsArray().Select(m => (string?)m).ToList();
            if (plan.Kafka?.ScaleOut == true)
            {
                // A task's checkpoint and output folders move with the task: every pod mounts the same volume.
                Assert.False(claim.Value.PerPod, $"{path}: scale-out needs one claim every pod shares, not a claim per pod");
                Assert.Contains("ReadWriteMany", modes);
            }
            else
            {
                Assert.True(claim.Value.PerPod, $"{path}: a plain member keeps its own checkpoint (a volumeClaimTemplate)");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public async Task Render_Secrets_NoValueInAnyManifest(string folder)
    {
        var manifests = await RenderAsync(folder);
        var deployment = RenderedDeployment.From(manifests);

        foreach (var secret in deployment.OfKind("Secret"))
        {
            Assert.True(secret["data"] is null && secret["stringData"] is null, $"Secret {RenderedDeployment.Name(secret)} carries literal data");
        }

        foreach (var env in deployment.Container["env"]?.AsArray() ?? [])
        {
            var name = (string)env!["name"]!;
            var value = (string?)env["value"];
            Assert.False(value is not null && (name.Contains("CONNECTION_STRING", StringComparison.Ordinal) || name.Contains("TOKEN", StringComparison.Ordinal)),
                $"{name} has a literal value; take it from a secret store");
            Assert.DoesNotContain("SharedAccessKey=", value ?? string.Empty, StringComparison.Ordinal);
        }

        var text = string.Join("\n", manifests.Select(m => m.ToJsonString()));
        Assert.DoesNotContain("SharedAccessKey=", text, StringComparison.Ordinal);
        Assert.DoesNotContain("clientSecret", text, StringComparison.Ordinal);
        Assert.Equal("true", (string?)deployment.Workload["spec"]!["template"]!["metadata"]!["labels"]!["azure.workload.identity/use"]);
        var account = deployment.OfKind("ServiceAccount").Single(a => RenderedDeployment.Name(a) == (string?)deployment.PodSpec["serviceAccountName"]);
        Assert.NotNull((string?)account["metadata"]!["annotations"]!["azure.workload.identity/client-id"]);
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public async Task Render_KedaTriggers_WatchTheConfiguredGroupTopicsAndBrokers(string folder)
    {
        var (deployment, plan) = await PlanAsync(folder);
        var scaled = deployment.OfKind("ScaledObject").ToList();
        if (plan.Kafka is null)
        {
            Assert.Empty(scaled); // scrape mode: a scrape cannot be shared between replicas
            return;
        }

        var settings = plan.Kafka.Settings;
        var scaledObject = Assert.Single(scaled);
        var target = scaledObject["spec"]!["scaleTargetRef"]!;
        Assert.Equal((RenderedDeployment.Kind(deployment.Workload), RenderedDeployment.Name(deployment.Workload)), ((string?)target["kind"], (string?)target["name"]));
        Assert.True(int.Parse((string)scaledObject["spec"]!["minReplicaCount"]!, CultureInfo.InvariantCulture) >= 1, "never scaled to zero");
        var max = int.Parse((string)scaledObject["spec"]!["maxReplicaCount"]!, CultureInfo.InvariantCulture);
        if (plan.Kafka.ScaleOut)
        {
            // Stage 1's group (GROUP-route) reads the input topics; stage 2 has one task per repartition partition.
            var partitions = (string?)scaledObject["metadata"]!["annotations"]?["aiobs/repartition-partitions"];
            Assert.True(partitions is not null, "the ScaledObject must state the repartition topic's partition count (annotation aiobs/repartition-partitions)");
            Assert.InRange(max, 2, int.Parse(partitions, CultureInfo.InvariantCulture));
        }
        else
        {
            Assert.Equal(1, max); // plain members of one group would each aggregate part of a series
        }

        var group = plan.Kafka.ScaleOut ? Kafka.ScaleOut.RouteStage.RouteGroup(settings.GroupId) : settings.GroupId;
        var triggers = scaledObject["spec"]!["triggers"]!.AsArray().Select(t => t!.AsObject()).ToList();
        Assert.All(triggers, t =>
        {
            Assert.Equal("kafka", (string?)t["type"]);
            Assert.Equal(group, (string?)t["metadata"]!["consumerGroup"]);
            Assert.Equal(settings.BootstrapServers, (string?)t["metadata"]!["bootstrapServers"]);
            if (settings.EventHubsNamespace is not null)
            {
                Assert.Equal(("plaintext", "enable"), ((string?)t["metadata"]!["sasl"], (string?)t["metadata"]!["tls"]));
                var auth = (string?)t["authenticationRef"]?["name"];
                Assert.Contains(deployment.OfKind("TriggerAuthentication"), a => RenderedDeployment.Name(a) == auth);
            }
        });
        Assert.Equal(settings.Topics.Order(StringComparer.Ordinal), triggers.Select(t => (string)t["metadata"]!["topic"]!).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public async Task Render_Pod_NonRootWithReadOnlyRootFileSystemAndLimits(string folder)
    {
        var deployment = RenderedDeployment.From(await RenderAsync(folder));

        Assert.Equal("true", (string?)deployment.PodSpec["securityContext"]!["runAsNonRoot"]);
        Assert.NotEqual("0", (string?)deployment.PodSpec["securityContext"]!["runAsUser"]);
        Assert.Equal("true", (string?)deployment.Container["securityContext"]!["readOnlyRootFilesystem"]);
        Assert.Equal("false", (string?)deployment.Container["securityContext"]!["allowPrivilegeEscalation"]);
        Assert.NotNull(deployment.Container["resources"]?["requests"]?["cpu"]);
        Assert.NotNull(deployment.Container["resources"]?["limits"]?["memory"]);
        Assert.NotNull(deployment.MountOf("/tmp")); // the runtime's diagnostics socket needs a writable /tmp
    }

    private static Task<IReadOnlyList<JsonObject>> RenderAsync(string folder) => Renders.GetOrAdd(folder, Kustomize.RenderAsync);

    private static async Task<(RenderedDeployment, RunPlan)> PlanAsync(string folder)
    {
        var deployment = RenderedDeployment.From(await RenderAsync(folder));
        var configFolder = Directory.CreateTempSubdirectory("aiobs-deploy-").FullName;
        try
        {
            // Event Hubs: the pod reads the connection string from a secret the cluster syncs from Key Vault; stand in
            // for it with one for the configured namespace (the CLI checks the namespace against its Endpoint).
            var config = JsonNode.Parse(deployment.ConfigMapFile(deployment.Flag("--config")!), documentOptions: JsonWithComments)!;
            if ((string?)config["kafka"]?["eventHubsNamespace"] is { } ns)
            {
                var env = deployment.Container["env"]!.AsArray().Single(e => (string?)e!["name"] == KafkaSettings.ConnectionStringVariable)!;
                Assert.NotNull(env["valueFrom"]?["secretKeyRef"]);
                return (deployment, WithConnectionString(ns, () => deployment.Plan(configFolder)));
            }

            return (deployment, deployment.Plan(configFolder));
        }
        finally
        {
            Directory.Delete(configFolder, recursive: true);
        }
    }

    private static RunPlan WithConnectionString(string ns, Func<RunPlan> plan)
    {
        var before = Environment.GetEnvironmentVariable(KafkaSettings.ConnectionStringVariable);
        Environment.SetEnvironmentVariable(KafkaSettings.ConnectionStringVariable,
            $"Endpoint=sb://{ns}.servicebus.windows.net/;SharedAccessKeyName=render-test;SharedAccessKey=stand-in");
        try
        {
            return plan();
        }
        finally
        {
            Environment.SetEnvironmentVariable(KafkaSettings.ConnectionStringVariable, before);
        }
    }

    private static (string Address, int Port) Listen(RenderedDeployment deployment)
    {
        var listen = deployment.Flag("--listen") ?? throw new InvalidOperationException("the container passes no --listen ADDR:PORT");
        var colon = listen.LastIndexOf(':');
        return (listen[..colon], int.Parse(listen[(colon + 1)..], CultureInfo.InvariantCulture));
    }

    private static (string? Path, int Port) Probe(RenderedDeployment deployment, string probe)
    {
        var get = deployment.Container[probe]!["httpGet"]!;
        return ((string?)get["path"], ContainerPort(deployment, get["port"]!));
    }

    /// <summary>A port given by number or by the container port's name.</summary>
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
