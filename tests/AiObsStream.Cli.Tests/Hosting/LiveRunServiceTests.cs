using AiObsStream.Cli.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace AiObsStream.Cli.Tests.Hosting;

/// <summary>The BackgroundService of the long-running modes: stop → drain → exit code, on fake time (no sleeps).</summary>
public class LiveRunServiceTests
{
    [Fact]
    public async Task StopAsync_WhileScraping_RunDrainsAndExitsZero()
    {
        var time = new FakeTimeProvider();
        using var run = new FakeScrape(time);
        var (service, outcome, lifetime, log) = Create(run);

        await service.StartAsync(CancellationToken.None);
        await run.Started.Task;
        for (var i = 0; i < 3; i++)
        {
            time.Advance(TimeSpan.FromSeconds(15)); // one scrape per interval on the fake clock
            await run.Scraped(1);
        }

        await service.StopAsync(CancellationToken.None); // what SIGTERM does through the console lifetime

        Assert.True(run.Drained);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("stop requested: draining", log.ToString(), StringComparison.Ordinal);
        Assert.True(lifetime.Stopped);
    }

    [Fact]
    public async Task ExecuteAsync_RunEndsByItself_StopsTheHostWithItsExitCode()
    {
        var (service, outcome, lifetime, log) = Create(new Finished(3));

        await service.StartAsync(CancellationToken.None);
        await service.ExecuteTask!;

        Assert.Equal(3, outcome.ExitCode);
        Assert.True(lifetime.Stopped);
        Assert.DoesNotContain("stop requested", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_RunThrows_ReportsFatalExitTwo()
    {
        var (service, outcome, lifetime, log) = Create(new Throws());

        await service.StartAsync(CancellationToken.None);
        await service.ExecuteTask!;

        Assert.Equal(RunOutcome.Fatal, outcome.ExitCode);
        Assert.Contains("fatal: sink gone", log.ToString(), StringComparison.Ordinal);
        Assert.True(lifetime.Stopped);
    }

    [Fact]
    public void RunOutcome_BeforeTheRunReturned_IsFatal() => Assert.Equal(2, new RunOutcome().ExitCode);

    private static (LiveRunService Service, RunOutcome Outcome, FakeLifetime Lifetime, StringWriter Log) Create(ILiveRun run)
    {
        var outcome = new RunOutcome();
        var lifetime = new FakeLifetime();
        var log = new StringWriter();
        return (new LiveRunService(run, outcome, lifetime, log), outcome, lifetime, log);
    }

    /// <summary>Scrapes every 15 s of fake time until stopped, then drains and returns 0 (as the engine does).</summary>
    private sealed class FakeScrape(TimeProvider time) : ILiveRun, IDisposable
    {
        private readonly SemaphoreSlim _scrapes = new(0);

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Drained { get; private set; }

        public string StopMessage => "draining";

        public void Dispose() => _scrapes.Dispose();

        public async Task Scraped(int count)
        {
            for (var i = 0; i < count; i++)
            {
                await _scrapes.WaitAsync();
            }
        }

        public async Task<int> RunAsync(CancellationToken stop)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(15), time);
            Started.SetResult();
            try
            {
                while (await timer.WaitForNextTickAsync(stop))
                {
                    _scrapes.Release();
                }
            }
            catch (OperationCanceledException)
            {
            }

            Drained = true;
            return 0;
        }
    }

    private sealed class Finished(int code) : ILiveRun
    {
        public string StopMessage => "n/a";

        public Task<int> RunAsync(CancellationToken stop) => Task.FromResult(code);
    }

    private sealed class Throws : ILiveRun
    {
        public string StopMessage => "n/a";

        public Task<int> RunAsync(CancellationToken stop) => Task.FromException<int>(new IOException("sink gone"));
    }

    private sealed class FakeLifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public bool Stopped { get; private set; }

        public void StopApplication() => Stopped = true;
    }
}
