using Confluent.Kafka;

namespace AiObsStream.Kafka;

/// <summary>Loads and checks the OS librdkafka once, with a message that says how to install it when it is missing.</summary>
public static class KafkaNative
{
    private static readonly Lazy<string> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The librdkafka version in use (loads it on first call).</summary>
    /// <exception cref="InvalidOperationException">librdkafka is not installed or too old.</exception>
    public static string Version => Loaded.Value;

    private static readonly string[] LibraryFolders =
        ["/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/lib"];

    private static string Load()
    {
        try
        {
            // .NET probes for "librdkafka.so", which only the -dev package provides; a runtime image with just the
            // librdkafka1 package has "librdkafka.so.1": load that one by path.
            if (RuntimeOnlyLibrary() is { } path)
            {
                Library.Load(path);
            }

            return Library.VersionString;
        }
        catch (Exception ex) when (ex is DllNotFoundException or FileLoadException or TypeInitializationException)
        {
            throw new InvalidOperationException(
                "librdkafka could not be loaded (" + ex.Message + "); install it with `apt-get install librdkafka-dev` " +
                "(Debian/Ubuntu) — the Kafka and Event Hubs inputs need librdkafka >= 1.9", ex);
        }
    }

    private static string? RuntimeOnlyLibrary()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        string? runtimeOnly = null;
        foreach (var folder in LibraryFolders)
        {
            if (File.Exists(Path.Combine(folder, "librdkafka.so")))
            {
                return null; // the default probing finds it
            }

            var versioned = Path.Combine(folder, "librdkafka.so.1");
            runtimeOnly ??= File.Exists(versioned) ? versioned : null;
        }

        return runtimeOnly;
    }
}
