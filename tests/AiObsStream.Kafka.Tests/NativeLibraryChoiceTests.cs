namespace AiObsStream.Kafka.Tests;

public class NativeLibraryChoiceTests
{
    private static readonly string Base = Path.Combine(Path.GetTempPath(), "app");

    [Fact]
    public void Create_LinuxX64_TriesFullBuildThenGlibcOnlyBuildThenFlattenedThenSystem()
    {
        var choice = NativeLibraryChoice.Create(null, Base, "linux-x64");

        var native = Path.Combine(Base, "runtimes", "linux-x64", "native");
        Assert.Equal(
            [Path.Combine(native, "librdkafka.so"), Path.Combine(native, "centos8-librdkafka.so"),
             Path.Combine(Base, "librdkafka.so"), Path.Combine(Base, "centos8-librdkafka.so"), NativeLibraryChoice.System],
            choice.Candidates);
    }

    [Theory]
    [InlineData("linux-musl-x64", "linux-x64", "alpine-librdkafka.so")]
    [InlineData("linux-musl-arm64", "linux-arm64", "alpine-librdkafka.so")]
    [InlineData("linux-arm64", "linux-arm64", "librdkafka.so")]
    [InlineData("osx-arm64", "osx-arm64", "librdkafka.dylib")]
    [InlineData("win-x64", "win-x64", "librdkafka.dll")]
    public void Bundled_OtherRuntimes_PickTheirFolderAndFile(string rid, string folder, string file)
    {
        var (folderRid, files) = NativeLibraryChoice.Bundled(rid);

        Assert.Equal(folder, folderRid);
        Assert.Equal([file], files);
    }

    [Theory]
    [InlineData("system")]
    [InlineData(" SYSTEM ")]
    public void Create_System_LeavesItToTheOs(string value)
    {
        Assert.Equal([NativeLibraryChoice.System], NativeLibraryChoice.Create(value, Base, "linux-x64").Candidates);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("bundled")]
    public void Create_UnsetOrBundled_StartsWithTheBundledBuild(string? value)
    {
        var first = NativeLibraryChoice.Create(value, Base, "linux-x64").Candidates[0];

        Assert.Equal(Path.Combine(Base, "runtimes", "linux-x64", "native", "librdkafka.so"), first);
    }

    [Fact]
    public void Create_ExplicitPath_IsTheOnlyCandidate()
    {
        var path = Path.Combine(Base, "custom", "librdkafka.so.1");

        Assert.Equal([path], NativeLibraryChoice.Create(path, Base, "linux-x64").Candidates);
    }

    [Fact]
    public void RuntimeOnlySystemLibrary_DevLinkPresent_LeavesItToDefaultProbing()
    {
        var files = new HashSet<string> { "/usr/lib/x86_64-linux-gnu/librdkafka.so", "/usr/lib/x86_64-linux-gnu/librdkafka.so.1" };

        Assert.Null(NativeLibraryChoice.RuntimeOnlySystemLibrary(files.Contains));
    }

    [Fact]
    public void RuntimeOnlySystemLibrary_OnlyRuntimePackage_IsTheVersionedFile()
    {
        var files = new HashSet<string> { "/usr/lib/x86_64-linux-gnu/librdkafka.so.1" };

        var found = NativeLibraryChoice.RuntimeOnlySystemLibrary(files.Contains);

        Assert.Equal(OperatingSystem.IsLinux() ? "/usr/lib/x86_64-linux-gnu/librdkafka.so.1" : null, found);
    }

    [Fact]
    public void RuntimeOnlySystemLibrary_NoPackage_IsNull()
    {
        Assert.Null(NativeLibraryChoice.RuntimeOnlySystemLibrary(_ => false));
    }

    [Theory]
    [InlineData(0x020002ff, false)] // Debian bookworm's 2.0.2
    [InlineData(0x010903ff, false)]
    [InlineData(0x020100ff, true)]
    [InlineData(0x021000ff, true)] // the bundled 2.16.0
    [InlineData(0x03000000, true)]
    public void IsSupported_Versions_FromTheLeaderEpochRelease(int version, bool supported)
    {
        Assert.Equal(supported, NativeLibraryChoice.IsSupported(version));
    }
}
