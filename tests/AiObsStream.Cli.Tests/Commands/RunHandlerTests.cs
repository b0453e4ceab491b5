using System.CommandLine;
using AiObsStream.Cli.Commands;
using AiObsStream.TestKit;

namespace AiObsStream.Cli.Tests.Commands;

/// <summary>The <c>aiobs run</c> handler in process: the composition root validates before any input is read.</summary>
public sealed class RunHandlerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aiobs-handler-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task<int> Run(params string[] args)
    {
        var parse = new RootCommand { RunCommand.Create() }.Parse(["run", .. args]);
        Assert.Empty(parse.Errors);
        return new RunHandler(parse).InvokeAsync(CancellationToken.None);
    }

    private string BadConfig()
    {
        var path = Path.Combine(_dir, "bad.json");
        File.WriteAllText(path, """{ "rules": { "latency-p95": { "warning": "high" } } }""");
        return path;
    }

    [Fact]
    public async Task InvokeAsync_BadConfigWithScrape_ExitsOneBeforeTheFirstScrape()
    {
        using var server = new LoopbackHttpServer { Body = "DCGM_FI_DEV_GPU_UTIL{gpu=\"0\",UUID=\"GPU-1\",Hostname=\"n1\"} 42\n" };
        var outDir = Path.Combine(_dir, "out");

        var code = await Run("--config", BadConfig(), "--scrape", server.Url.ToString(), "--out", outDir, "-q");

        Assert.Equal(1, code);
        Assert.Equal(0, server.Requests);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public async Task InvokeAsync_BadConfigWithFile_ExitsOneWithoutOutputs()
    {
        var input = Path.Combine(_dir, "in.jsonl");
        File.WriteAllText(input, "{\"records\":[]}\n");
        var outDir = Path.Combine(_dir, "out");

        var code = await Run("--config", BadConfig(), "--input", input, "--out", outDir, "-q");

        Assert.Equal(1, code);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public async Task InvokeAsync_KafkaSectionWithoutTopics_ExitsOneNamingTheFlag()
    {
        var config = Path.Combine(_dir, "kafka.json");
        File.WriteAllText(config, """{ "kafka": { "bootstrap": "127.0.0.1:1" } }""");

        Assert.Equal(1, await Run("--config", config, "--out", Path.Combine(_dir, "out"), "-q"));
    }
}
