using System.IO.Compression;
using AiObsStream.Cli.ConsoleView;

namespace AiObsStream.Cli.Tests.ConsoleView;

public sealed class InputSizeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aiobs-size-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void PlainFile_IsItsLength()
    {
        var path = Path.Combine(_dir, "a.jsonl");
        File.WriteAllText(path, new string('x', 12_345));

        Assert.Equal(12_345, InputSize.Of(path));
    }

    [Fact]
    public void GzipFile_IsTheUncompressedSizeFromItsTrailer()
    {
        var path = Path.Combine(_dir, "a.jsonl.gz");
        using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            gz.Write(new byte[100_000]);
        }

        Assert.Equal(100_000, InputSize.Of(path));
    }

    [Fact]
    public void GzipFile_TruncatedOrWithAnImpossibleTrailer_IsUnknown()
    {
        var truncated = Path.Combine(_dir, "t.gz");
        File.WriteAllBytes(truncated, [0x1f, 0x8b, 8, 0, 0]);
        var impossible = Path.Combine(_dir, "i.gz");
        File.WriteAllBytes(impossible, [0x1f, 0x8b, .. new byte[30], 1, 0, 0, 0]); // claims 1 byte in a 36-byte file

        Assert.Equal(-1, InputSize.Of(truncated));
        Assert.Equal(-1, InputSize.Of(impossible));
    }

    [Theory]
    [InlineData("http://localhost:9400/metrics")]
    [InlineData("aoai-logs/3")]
    public void NotAFile_IsUnknown(string name)
    {
        Assert.Equal(-1, InputSize.Of(name));
    }
}
