namespace AiObsStream.Cli.Commands;

/// <summary>The real H100 trace compiled into the binary, replayed when <c>aiobs run</c> gets no input.</summary>
internal static class BundledTrace
{
    private const string Prefix = "trace-a/";

    private const string PhasesResource = "trace-a-phases.json";

    /// <summary>The bundled trace's load-generator schedule (phases.json), which labels it for <c>eval incidents</c>.</summary>
    public static string Phases()
    {
        using var resource = typeof(BundledTrace).Assembly.GetManifestResourceStream(PhasesResource)!;
        using var reader = new StreamReader(resource);
        return reader.ReadToEnd();
    }

    /// <summary>Writes the bundled files (gzip-compressed) to a cache folder and returns their paths.</summary>
    public static IReadOnlyList<string> Extract()
    {
        var assembly = typeof(BundledTrace).Assembly;
        var names = assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var version = assembly.ManifestModule.ModuleVersionId.ToString("N")[..12];
        var dir = Path.Combine(Path.GetTempPath(), "aiobs-trace-a-" + version);
        Directory.CreateDirectory(dir);
        var paths = new List<string>();
        foreach (var name in names)
        {
            var path = Path.Combine(dir, name[Prefix.Length..]);
            if (!File.Exists(path))
            {
                using var resource = assembly.GetManifestResourceStream(name)!;
                var tmp = path + "." + Environment.ProcessId + ".tmp";
                using (var file = File.Create(tmp))
                {
                    resource.CopyTo(file);
                }

                File.Move(tmp, path, overwrite: true);
            }

            paths.Add(path);
        }

        return paths;
    }
}
