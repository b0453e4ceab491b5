using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace AiObsStream.Kafka;

/// <summary>
/// Loads librdkafka once, before Confluent.Kafka does, so that the build bundled with the package (librdkafka.redist,
/// the version the binding was released against) wins over an older OS package (Debian bookworm: 2.0.2).
/// </summary>
/// <remarks>
/// Left to itself, Confluent.Kafka imports "librdkafka": .NET then tries runtimes/&lt;rid&gt;/native/librdkafka.so first, but
/// that build needs libsasl2.so.3 (the RHEL name; Debian ships libsasl2.so.2), fails, and probing falls through to the OS
/// librdkafka.so when one is installed. Only without an OS package does the binding reach its second choice,
/// centos8-librdkafka.so, which needs nothing but glibc. Loading a file first does not help: dlopen matches a later
/// "librdkafka.so" by file name, not by soname, and maps the OS copy beside it. So KafkaNative installs a DllImport
/// resolver on the Confluent.Kafka assembly that answers every librdkafka import with the handle it chose
/// (<see cref="NativeLibraryChoice"/>). Confluent's own <c>Library.Load(path)</c> is not used: it calls dlopen through an
/// import of "libdl", and glibc 2.34+ ships no libdl.so (only libdl.so.2), so it throws DllNotFoundException.
/// </remarks>
public static class KafkaNative
{
    /// <summary>Environment variable that overrides the choice: "system" (the OS package) or a librdkafka file path.</summary>
    public const string OverrideVariable = "AIOBS_LIBRDKAFKA";

    private static readonly Lazy<(string Version, string Path)> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The librdkafka version in use (loads it on first call).</summary>
    /// <exception cref="InvalidOperationException">No librdkafka could be loaded, or it is too old.</exception>
    public static string Version => Loaded.Value.Version;

    /// <summary>The file librdkafka was loaded from, or "system" when the OS dynamic linker chose it.</summary>
    /// <exception cref="InvalidOperationException">No librdkafka could be loaded, or it is too old.</exception>
    public static string LoadedFrom => Loaded.Value.Path;

    private static (string, string) Load()
    {
        var choice = NativeLibraryChoice.Create(
            Environment.GetEnvironmentVariable(OverrideVariable), AppContext.BaseDirectory, RuntimeInformation.RuntimeIdentifier);
        var failures = new List<string>();
        foreach (var candidate in choice.Candidates)
        {
            if (candidate == NativeLibraryChoice.System)
            {
                // .NET probes for "librdkafka.so", which only the -dev package provides; a runtime image with just the
                // librdkafka1 package has "librdkafka.so.1": answer the import with that one. Otherwise the binding's
                // own probing (which, with no OS package, still reaches the bundled centos8 build).
                return NativeLibraryChoice.RuntimeOnlySystemLibrary(File.Exists) is { } soname && TryUse(soname, failures)
                    ? (CheckedVersion(failures), soname)
                    : (CheckedVersion(failures), NativeLibraryChoice.System);
            }

            if (!File.Exists(candidate))
            {
                failures.Add(candidate + ": not found");
            }
            else if (TryUse(candidate, failures))
            {
                return (CheckedVersion(failures), candidate);
            }
        }

        throw NotLoaded(string.Join("; ", failures), null);
    }

    /// <summary>Loads a file and makes it the answer to the binding's librdkafka imports; false when it does not load.</summary>
    private static bool TryUse(string path, List<string> failures)
    {
        IntPtr handle;
        try
        {
            handle = NativeLibrary.Load(path);
        }
        catch (DllNotFoundException ex)
        {
            failures.Add(path + ": " + FirstLine(ex.Message));
            return false;
        }

        NativeLibrary.SetDllImportResolver(typeof(Library).Assembly, (name, _, _) => Resolve(name, handle));
        var expected = NativeLibraryChoice.FileVersion(handle);
        var actual = CheckedVersion(failures);
        if (actual != expected)
        {
            // Something used the binding before KafkaNative (its own probing then chose): say so rather than misreport.
            throw NotLoaded(
                path + " is " + expected + " but Confluent.Kafka was already initialised with librdkafka " + actual +
                "; call KafkaNative.Version before any other Confluent.Kafka use", null);
        }

        return true;
    }

    /// <summary>The binding's imports of librdkafka (its NativeMethods variants) all get the chosen handle.</summary>
    private static IntPtr Resolve(string name, IntPtr handle) =>
        name.EndsWith("librdkafka", StringComparison.Ordinal) ? handle : IntPtr.Zero;

    private static string CheckedVersion(List<string> failures)
    {
        string version;
        int number;
        try
        {
            (version, number) = (Library.VersionString, Library.Version);
        }
        catch (Exception ex) when (ex is DllNotFoundException or FileLoadException or TypeInitializationException)
        {
            failures.Add(FirstLine(ex.Message));
            throw NotLoaded(string.Join("; ", failures), ex);
        }

        return NativeLibraryChoice.IsSupported(number)
            ? version
            : throw NotLoaded(
                "librdkafka " + version + " is older than " + NativeLibraryChoice.MinimumVersion + ", the oldest this " +
                "Confluent.Kafka works with: it calls rd_kafka_message_leader_epoch and rd_kafka_topic_partition_get_leader_epoch " +
                "(KIP-320), and consuming would fail with EntryPointNotFoundException", null);
    }

    private static InvalidOperationException NotLoaded(string detail, Exception? inner) => new(
        "librdkafka could not be loaded (" + detail + "). The Kafka and Event Hubs inputs use the librdkafka bundled with " +
        "the binary (runtimes/<rid>/native); set " + OverrideVariable + "=system to use the OS package (Debian/Ubuntu: " +
        "`apt-get install librdkafka1`, >= " + NativeLibraryChoice.MinimumVersion + ") or " + OverrideVariable + "=/path/to/librdkafka.so", inner);

    private static string FirstLine(string message)
    {
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).Trim();
    }
}
