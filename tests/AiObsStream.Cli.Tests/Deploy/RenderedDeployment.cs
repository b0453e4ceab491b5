using System.CommandLine;
using System.Text.Json.Nodes;
using AiObsStream.Cli.Commands;
using AiObsStream.Cli.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AiObsStream.Cli.Tests.Deploy;

/// <summary>The aiobs workload of one rendered kustomization and the run plan its container's command line gives.</summary>
internal sealed class RenderedDeployment
{
    private RenderedDeployment(IReadOnlyList<JsonObject> manifests, JsonObject workload, JsonObject container)
    {
        Manifests = manifests;
        Workload = workload;
        Container = container;
        Args = [.. container["args"]!.AsArray().Select(a => (string)a!)];
    }

    public IReadOnlyList<JsonObject> Manifests { get; }

    /// <summary>The StatefulSet (or Deployment) running aiobs.</summary>
    public JsonObject Workload { get; }

    /// <summary>Its "aiobs" container.</summary>
    public JsonObject Container { get; }

    public IReadOnlyList<string> Args { get; }

    public JsonObject PodSpec => Workload["spec"]!["template"]!["spec"]!.AsObject();

    /// <summary>Finds the single workload whose aiobs container runs <paramref name="command"/> (<c>run</c>: the engine) and that container.</summary>
    public static RenderedDeployment From(IReadOnlyList<JsonObject> manifests, string command = "run") =>
        TryFrom(manifests, command) ?? throw new InvalidOperationException($"no workload runs aiobs {command}");

    /// <summary>As <see cref="From"/>, or null when no workload runs <paramref name="command"/>.</summary>
    public static RenderedDeployment? TryFrom(IReadOnlyList<JsonObject> manifests, string command)
    {
        var found = manifests.Where(m => Kind(m) is "StatefulSet" or "Deployment")
            .Select(w => (Workload: w, Container: AiObsContainer(w)))
            .Where(w => (string?)w.Container["args"]?[0] == command)
            .ToList();
        Assert.True(found.Count <= 1, $"{found.Count} workloads run aiobs {command}");
        return found.Count == 0 ? null : new RenderedDeployment(manifests, found[0].Workload, found[0].Container);
    }

    /// <summary>The pod template's labels.</summary>
    public JsonObject PodLabels => Workload["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();

    /// <summary>The workload's pod selector (matchLabels).</summary>
    public JsonObject Selector => Workload["spec"]!["selector"]!["matchLabels"]!.AsObject();

    /// <summary>The persistent volume claim behind the pod volume <paramref name="volume"/>: a volumeClaimTemplate (per pod) or a
    /// PersistentVolumeClaim of this render (shared); null when the volume is not persistent.</summary>
    public (JsonObject Claim, bool PerPod)? ClaimOf(string volume)
    {
        if (Workload["spec"]!["volumeClaimTemplates"]?.AsArray().FirstOrDefault(c => (string?)c!["metadata"]!["name"] == volume) is JsonObject template)
        {
            return (template, true);
        }

        var pod = PodSpec["volumes"]?.AsArray().FirstOrDefault(v => (string?)v!["name"] == volume);
        return (string?)pod?["persistentVolumeClaim"]?["claimName"] is { } claimName
            ? (OfKind("PersistentVolumeClaim").Single(c => Name(c) == claimName), false)
            : null;
    }

    private static JsonObject AiObsContainer(JsonObject workload) =>
        Assert.Single(workload["spec"]!["template"]!["spec"]!["containers"]!.AsArray(), c => (string?)c!["name"] == "aiobs")!.AsObject();

    public static string? Kind(JsonObject manifest) => (string?)manifest["kind"];

    public static string? Name(JsonObject manifest) => (string?)manifest["metadata"]?["name"];

    public IEnumerable<JsonObject> OfKind(string kind) => Manifests.Where(m => Kind(m) == kind);

    /// <summary>The value after <paramref name="flag"/> in the container's args, or null.</summary>
    public string? Flag(string flag)
    {
        var i = Args.ToList().IndexOf(flag);
        return i >= 0 && i + 1 < Args.Count ? Args[i + 1] : null;
    }

    /// <summary>The container's volume mounts: mount path → volume name.</summary>
    public IReadOnlyList<(string Path, string Volume)> Mounts =>
        [.. Container["volumeMounts"]!.AsArray().Select(m => ((string)m!["mountPath"]!, (string)m["name"]!))];

    /// <summary>The mount whose path holds <paramref name="path"/> (the deepest), or null.</summary>
    public (string Path, string Volume)? MountOf(string path) =>
        Mounts.Where(m => path == m.Path || path.StartsWith(m.Path.TrimEnd('/') + "/", StringComparison.Ordinal))
            .OrderByDescending(m => m.Path.Length)
            .Cast<(string, string)?>()
            .FirstOrDefault();

    /// <summary>The text of the file <paramref name="path"/> when it comes from a ConfigMap volume of this render.</summary>
    public string ConfigMapFile(string path)
    {
        var mount = MountOf(path) ?? throw new InvalidOperationException($"{path} is on no volume mount");
        var volume = PodSpec["volumes"]!.AsArray().Single(v => (string?)v!["name"] == mount.Volume)!;
        var mapName = (string?)volume["configMap"]?["name"] ?? throw new InvalidOperationException($"{path}: volume '{mount.Volume}' is not a ConfigMap");
        var map = OfKind("ConfigMap").Single(m => Name(m) == mapName);
        var key = Path.GetRelativePath(mount.Path, path).Replace('\\', '/');
        return (string?)map["data"]?[key] ?? throw new InvalidOperationException($"ConfigMap {mapName} has no key '{key}'");
    }

    /// <summary>
    /// The container's command line as the CLI reads it: the --config file from its ConfigMap, the same composition and
    /// validation as <c>aiobs run</c> (RunHandler). A --listen flag is checked by the render tests themselves and only
    /// handed to the CLI when this build's `run` command has it.
    /// </summary>
    public RunPlan Plan(string configFolder)
    {
        Assert.Equal("run", Args[0]);
        var (args, local) = LocalArgs(configFolder);
        var command = RunCommand.Create();
        if (!command.Options.Any(o => o.Name == "--listen") && args.IndexOf("--listen") is var i and >= 0)
        {
            args.RemoveRange(i, 2);
        }

        var parse = new RootCommand { command }.Parse(args);
        Assert.True(parse.Errors.Count == 0, string.Join("; ", parse.Errors.Select(e => e.Message)));
        var document = ConfigDocument.Load(local);
        using var services = new ServiceCollection().AddRunComposition(document, parse).BuildServiceProvider();
        EngineConfiguration.ValidateOnStart(services);
        return services.GetRequiredService<RunPlan>();
    }

    /// <summary>The container's <c>aiobs relay</c> command line, validated as the relay does at start (RelayHandler.Plan).</summary>
    public RelayPlan RelayPlan(string configFolder)
    {
        Assert.Equal("relay", Args[0]);
        var (args, _) = LocalArgs(configFolder);
        var parse = new RootCommand { RelayCommand.Create() }.Parse(args);
        Assert.True(parse.Errors.Count == 0, string.Join("; ", parse.Errors.Select(e => e.Message)));
        return new RelayHandler(parse).Plan();
    }

    /// <summary>The args with the --config file written to <paramref name="configFolder"/> from its ConfigMap.</summary>
    private (List<string> Args, string Config) LocalArgs(string configFolder)
    {
        var configPath = Flag("--config") ?? throw new InvalidOperationException("the container passes no --config");
        var local = Path.Combine(configFolder, Path.GetFileName(configPath));
        File.WriteAllText(local, ConfigMapFile(configPath));
        return ([.. Args.Select(a => a == configPath ? local : a)], local);
    }
}
