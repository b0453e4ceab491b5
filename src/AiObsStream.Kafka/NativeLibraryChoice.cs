using System.Runtime.InteropServices;

namespace AiObsStream.Kafka;

/// <summary>Which librdkafka files <see cref="KafkaNative"/> tries, in order (pure: no file is opened here).</summary>
internal sealed class NativeLibraryChoice
{
    /// <summary>The candidate that stands for "let the dynamic linker find the OS package".</summary>
    public const string System = "system";

    private static readonly string[] LinuxLibraryFolders =
        ["/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/lib"];

    private NativeLibraryChoice(IReadOnlyList<string> candidates) => Candidates = candidates;

    /// <summary>Files to try in order; <see cref="System"/> ends the list when the OS package may be used.</summary>
    public IReadOnlyList<string> Candidates { get; }

    /// <summary>The choice for this process.</summary>
    /// <param name="overrideValue">AIOBS_LIBRDKAFKA: null/empty/"bundled", "system", or a file path.</param>
    /// <param name="baseDirectory">The application folder (runtimes/&lt;rid&gt;/native below it, or flattened into it by a RID-specific publish).</param>
    /// <param name="runtimeIdentifier">The runtime's RID (RuntimeInformation.RuntimeIdentifier), e.g. linux-x64 or linux-musl-arm64.</param>
    public static NativeLibraryChoice Create(string? overrideValue, string baseDirectory, string runtimeIdentifier)
    {
        var value = overrideValue?.Trim();
        if (string.Equals(value, System, StringComparison.OrdinalIgnoreCase))
        {
            return new NativeLibraryChoice([System]);
        }

        if (!string.IsNullOrEmpty(value) && !string.Equals(value, "bundled", StringComparison.OrdinalIgnoreCase))
        {
            // An explicit file: no fallback, so a wrong path is reported instead of silently running another build.
            return new NativeLibraryChoice([Path.GetFullPath(value)]);
        }

        var (folderRid, files) = Bundled(runtimeIdentifier);
        var candidates = new List<string>();
        foreach (var folder in new[] { Path.Combine(baseDirectory, "runtimes", folderRid, "native"), baseDirectory })
        {
            candidates.AddRange(files.Select(file => Path.Combine(folder, file)));
        }

        candidates.Add(System);
        return new NativeLibraryChoice(candidates);
    }

    /// <summary>
    /// The librdkafka.redist folder and files for a RID, best first. linux-x64 librdkafka.so is the full build (GSSAPI
    /// through cyrus-sasl, libsasl2.so.3: loads on RHEL-like systems); centos8-librdkafka.so needs only glibc (SASL PLAIN,
    /// OAUTHBEARER, SCRAM and TLS built in: all Event Hubs needs) and is what Debian/Ubuntu images load.
    /// </summary>
    internal static (string FolderRid, string[] Files) Bundled(string runtimeIdentifier)
    {
        var rid = runtimeIdentifier.ToLowerInvariant();
        var arch = rid.EndsWith("arm64", StringComparison.Ordinal) ? "arm64"
            : rid.EndsWith("x86", StringComparison.Ordinal) ? "x86"
            : "x64";
        if (rid.StartsWith("win", StringComparison.Ordinal))
        {
            return ("win-" + arch, ["librdkafka.dll"]);
        }

        if (rid.StartsWith("osx", StringComparison.Ordinal))
        {
            return ("osx-" + arch, ["librdkafka.dylib"]);
        }

        if (rid.Contains("musl", StringComparison.Ordinal) || rid.StartsWith("alpine", StringComparison.Ordinal))
        {
            return ("linux-" + arch, ["alpine-librdkafka.so"]);
        }

        return arch == "x64"
            ? ("linux-x64", ["librdkafka.so", "centos8-librdkafka.so"])
            : ("linux-" + arch, ["librdkafka.so"]);
    }

    /// <summary>
    /// The OS librdkafka.so.1 when only the runtime package (librdkafka1) is installed: .NET probes for "librdkafka.so",
    /// which only the -dev package provides. Null when the -dev link exists (default probing finds it) or none is there.
    /// </summary>
    internal static string? RuntimeOnlySystemLibrary(Func<string, bool> fileExists)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        string? runtimeOnly = null;
        foreach (var folder in LinuxLibraryFolders)
        {
            if (fileExists(Path.Combine(folder, "librdkafka.so")))
            {
                return null;
            }

            var versioned = Path.Combine(folder, "librdkafka.so.1");
            runtimeOnly ??= fileExists(versioned) ? versioned : null;
        }

        return runtimeOnly;
    }

    /// <summary>The oldest librdkafka Confluent.Kafka 2.16 runs with (the leader-epoch calls of KIP-320 came in 2.1.0).</summary>
    public const string MinimumVersion = "2.1.0";

    /// <summary>
    /// True when <paramref name="version"/> (rd_kafka_version(): 0xMMmmrrpp) is at least <see cref="MinimumVersion"/>.
    /// Older ones load and even produce, but consuming calls functions they lack (measured with Debian's 2.0.2: consumer
    /// polls throw EntryPointNotFoundException, and a rebalance callback takes the process down).
    /// </summary>
    internal static bool IsSupported(int version) => (uint)version >> 8 >= 0x020100;

    /// <summary>The version a loaded librdkafka file reports (rd_kafka_version_str), read through its own export.</summary>
    internal static string FileVersion(IntPtr handle)
    {
        var versionStr = Marshal.GetDelegateForFunctionPointer<VersionString>(NativeLibrary.GetExport(handle, "rd_kafka_version_str"));
        return Marshal.PtrToStringUTF8(versionStr()) ?? string.Empty;
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr VersionString();
}
