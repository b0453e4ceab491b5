using AiObsStream.TestKit;

namespace AiObsStream.LogAnalytics.Tests;

/// <summary>The sink survives its own I/O faults (spool not writable), counts them and reports them as its health.</summary>
[Trait("Category", "Integration")]
public sealed class LogAnalyticsSinkFaultTests : IDisposable
{
    private readonly SinkHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task SpoolUnwritable_DuringOutage_RowsCountedLost_SinkUnhealthy_AndItKeepsRunning()
    {
        _h.Server.Outage = IngestionFault.Unavailable();
        await using var sink = new LogAnalyticsSink(_h.Options() with { MaxRetryAttempts = 1 });
        Assert.True(sink.Health.Healthy);

        // The spool folder disappears under the sink (disk unmounted, cleaned up): a file now stands in its place.
        Directory.Delete(_h.Spool, recursive: true);
        await File.WriteAllTextAsync(_h.Spool, "not a folder");
        try
        {
            sink.WriteRows(TestRows.Metrics(3)); // never throws into the engine
            await sink.FlushAsync(CancellationToken.None); // and flush still returns
            Assert.True(await SinkHarness.EventuallyAsync(() => sink.Faults > 0));

            var health = sink.Health;
            Assert.False(health.Healthy);
            Assert.Contains("cannot be written", health.Problem, StringComparison.Ordinal);
            Assert.Equal(3, sink.LostRows);
            Assert.Equal("log_analytics", sink.SinkName);

            // The service comes back: new rows are delivered straight away; the sender survived.
            _h.Server.Outage = null;
            sink.WriteRows(TestRows.Metrics(2));
            await sink.FlushAsync(CancellationToken.None);
            Assert.Equal(2, sink.Stats.RowsDelivered);
        }
        finally
        {
            File.Delete(_h.Spool);
            Directory.CreateDirectory(_h.Spool); // for the harness's cleanup
        }
    }

    [Fact]
    public async Task Outage_ReportedAsUnhealthyUntilDeliveredAgain()
    {
        _h.Server.Outage = IngestionFault.Unavailable();
        await using var sink = new LogAnalyticsSink(_h.Options() with { MaxRetryAttempts = 1 });
        sink.WriteRows(TestRows.Metrics(2));
        await sink.FlushAsync(CancellationToken.None);
        Assert.StartsWith("delivery failing, 1 batches spooled", sink.Health.Problem, StringComparison.Ordinal);
        Assert.Equal(0, sink.Faults); // an outage is the service's fault, not the sink's: rows wait in the spool

        _h.Server.Outage = null;
        Assert.True(await SinkHarness.EventuallyAsync(() => sink.Stats.RowsDelivered == 2 && sink.Health.Healthy));
    }
}
