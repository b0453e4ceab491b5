using System.Diagnostics;
using System.Text.Json.Nodes;
using AiObsStream.TestKit;
using YamlDotNet.RepresentationModel;

namespace AiObsStream.Cli.Tests.Deploy;

/// <summary>Renders a kustomization with <c>kubectl kustomize</c> (offline) and reads the manifests as JSON nodes.</summary>
internal static class Kustomize
{
    /// <summary>deploy/kubernetes/common: the pod without configuration or scaling, shared by base and overlays/scrape;
    /// not deployable alone (no ConfigMap), so it is checked through those two.</summary>
    public const string SharedFolder = "deploy/kubernetes/common";

    /// <summary>Every deployable folder under deploy/kubernetes with a kustomization.yaml, relative to the repository root.</summary>
    public static IReadOnlyList<string> Folders() =>
        [.. Directory.EnumerateFiles(Path.Combine(TestData.RepoRoot, "deploy", "kubernetes"), "kustomization.yaml", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(TestData.RepoRoot, Path.GetDirectoryName(file)!).Replace('\\', '/'))
            .Where(folder => folder != SharedFolder)
            .Order(StringComparer.Ordinal)];

    /// <summary>The rendered manifests of <paramref name="folder"/> (relative to the repository root), by the first kubectl
    /// on PATH: the manifests are kept to the kustomize built into kubectl 1.20 (Debian bookworm's kubernetes-client), so
    /// that one and any newer kubectl must render them.</summary>
    public static async Task<IReadOnlyList<JsonObject>> RenderAsync(string folder)
    {
        var start = new ProcessStartInfo("kubectl", ["kustomize", Path.Combine(TestData.RepoRoot, folder)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Assert.Fail("kubectl is not installed (" + ex.Message + "): the deploy render tests need it; tests/run.sh " +
                "installs it with apt-get (Debian's package kubernetes-client), or put any kubectl >= 1.20 on PATH.");
            throw;
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"kubectl kustomize {folder} failed: {await stderr}");
            return Parse(await stdout);
        }
    }

    /// <summary>Multi-document YAML as JSON objects; scalars become strings (what the checks compare).</summary>
    public static IReadOnlyList<JsonObject> Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return [.. stream.Documents.Select(d => ToJson(d.RootNode)).OfType<JsonObject>()];
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv =>
            KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? string.Empty, ToJson(kv.Value)))),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(ToJson)]),
        YamlScalarNode scalar => scalar.Value is null ? null : JsonValue.Create(scalar.Value),
        _ => null,
    };
}
