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

    /// <summary>Finds the single aiobs workload and its container.</summary>
    public static RenderedDeployment From(IReadOnlyList<JsonObject> manifests)
    {
        var workloads = manifests.Where(m => Kind(m) is "StatefulSet" or "Deployment").ToList();
        var workload = Assert.Single(workloads);
        var containers = workload["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        var container = Assert.Single(containers, c => (string?)c!["name"] == "aiobs")!.AsObject();
        return new RenderedDeployment(manifests, workload, container);
    }

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
        var configPath = Flag("--config") ?? throw new InvalidOperationException("the container passes no --config");
        var configText = ConfigMapFile(configPath);
        var local = Path.Combine(configFolder, "config.json");
        File.WriteAllText(local, configText);
        var args = Args.Select(a => a == configPath ? local : a).ToList();
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
}
