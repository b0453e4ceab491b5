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
        // Named after the files' contents, not the build: the folder becomes the inputs' Resource on the ingestion
        // rows (and their RowIds), so outputs must not change with every rebuild of the binary.
        var dir = Path.Combine(Path.GetTempPath(), "aiobs-trace-a-" + ContentId(assembly, names));
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

    private static string ContentId(System.Reflection.Assembly assembly, List<string> names)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        foreach (var name in names)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(name));
            using var resource = assembly.GetManifestResourceStream(name)!;
            int read;
            while ((read = resource.Read(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }
}
