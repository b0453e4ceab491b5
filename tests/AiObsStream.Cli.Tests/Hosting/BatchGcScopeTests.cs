using System.Collections.Concurrent;
using System.CommandLine;
using System.Runtime;
using AiObsStream.Cli.Commands;
using AiObsStream.Cli.Hosting;
using AiObsStream.TestKit;

namespace AiObsStream.Cli.Tests.Hosting;

/// <summary>
/// File replays run with the collector in batch mode (no background collections) and give the process its mode back;
/// the live modes keep theirs. The latency mode is process-wide, so these tests run alone.
/// </summary>
[Collection(ModeScope.Name)]
public sealed class BatchGcScopeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aiobs-batchgc-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Enter_SwitchesToBatch_AndDisposeRestoresThePreviousMode()
    {
        GCSettings.LatencyMode = GCLatencyMode.Interactive;

        using (BatchGcScope.Enter())
        {
            Assert.Equal(GCLatencyMode.Batch, GCSettings.LatencyMode);
        }

        Assert.Equal(GCLatencyMode.Interactive, GCSettings.LatencyMode);
    }

    [Fact]
    public void OverlappingScopes_StayBatchUntilTheLastCloses_InAnyOrder()
    {
        GCSettings.LatencyMode = GCLatencyMode.Interactive;
        var first = BatchGcScope.Enter();
        var second = BatchGcScope.Enter();

        first.Dispose();
        Assert.Equal(GCLatencyMode.Batch, GCSettings.LatencyMode);
        first.Dispose(); // twice: counted once
        Assert.Equal(GCLatencyMode.Batch, GCSettings.LatencyMode);

        second.Dispose();
        Assert.Equal(GCLatencyMode.Interactive, GCSettings.LatencyMode);
    }

    [Fact]
    public async Task FileReplay_RunsInBatchMode_AndRestoresTheModeAfterwards()
    {
        // The webhook receiver runs in this process: it reads the mode while the replay is sending the bundled trace's
        // notifications, that is in the middle of the run.
        var seen = new ConcurrentQueue<GCLatencyMode>();
        using var server = new LoopbackHttpServer { StatusFor = _ => { seen.Enqueue(GCSettings.LatencyMode); return 200; } };
        GCSettings.LatencyMode = GCLatencyMode.Interactive;
        var parse = new RootCommand { RunCommand.Create() }.Parse(["run", "--webhook", server.Url.ToString(), "--out", Path.Combine(_dir, "out"), "-q"]);
        Assert.Empty(parse.Errors);

        var code = await new RunHandler(parse).InvokeAsync(CancellationToken.None);

        Assert.Equal(0, code);
        Assert.NotEmpty(seen);
        Assert.All(seen, mode => Assert.Equal(GCLatencyMode.Batch, mode));
        Assert.Equal(GCLatencyMode.Interactive, GCSettings.LatencyMode);
    }

    /// <summary>The latency mode is process-wide: these tests run alone, not beside other runs.</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class ModeScope
    {
        public const string Name = "GC latency mode";
    }
}
