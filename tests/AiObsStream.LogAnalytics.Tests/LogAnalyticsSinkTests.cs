using AiObsStream.TestKit;
using System.Diagnostics;

namespace AiObsStream.LogAnalytics.Tests;

[Trait("Category", "Integration")]
public sealed class LogAnalyticsSinkTests : IDisposable
{
    private const string MetricsStream = "Custom-AiObsMetrics_CL";
    private readonly SinkHarness _h = new();

    [Fact]
    public async Task WriteRows_HealthyService_EveryRowDeliveredOnceInGzipArraysUnder1MB()
    {
        var rows = TestRows.Metrics(10_000);
        await using (var sink = new LogAnalyticsSink(_h.Options()))
        {
            sink.WriteRows(rows);
            await sink.FlushAsync(CancellationToken.None);
            Assert.Equal(10_000, sink.Stats.RowsDelivered);
            Assert.Equal(0, sink.Stats.SpooledBatches);
        }

        var ids = _h.Server.Ids(MetricsStream);
        Assert.Equal(10_000, ids.Count);
        Assert.Equal(TestRows.Ids(rows), ids.ToHashSet());
        Assert.True(_h.Server.Accepted.Count >= 4, "10,000 rows of ~450 bytes need several 1 MB batches");
        foreach (var b in _h.Server.Accepted)
        {
            Assert.Equal("gzip", b.ContentEncoding);
            Assert.InRange(b.JsonBytes, 1, 1_000_000);
            Assert.InRange(b.GzipBytes, 1, 1_000_000);
            Assert.True(Guid.TryParse(b.RequestId, out _));
        }

        Assert.Equal(_h.Server.Accepted.Count, _h.Server.RequestIds.Distinct().Count());
        Assert.Contains("plain http", _h.AllMessages, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAlerts_CustomStreamNames_PostsToConfiguredStreams()
    {
        await using (var sink = new LogAnalyticsSink(_h.Options() with { MetricsStream = "Custom-M", AlertsStream = "Custom-A" }))
        {
            sink.WriteAlerts(TestRows.Alerts(5));
            sink.WriteRows(TestRows.Metrics(3));
            sink.WriteDeadLetters([]);
        }

        Assert.Equal(["alert-0", "alert-1", "alert-2", "alert-3", "alert-4"], _h.Server.Ids("Custom-A"));
        Assert.Equal(3, _h.Server.Ids("Custom-M").Count);
    }

    [Fact]
    public async Task WriteIncidents_PostsToTheIncidentsStream_InTheIncidentsJsonlShape()
    {
        await using (var sink = new LogAnalyticsSink(_h.Options()))
        {
            sink.WriteIncidents([TestIncidents.Capacity(), TestIncidents.Capacity(Core.Incidents.IncidentStatus.Resolved)]);
            sink.WriteAlerts(TestRows.Alerts(2));
            await sink.FlushAsync(CancellationToken.None);
            Assert.Equal(4, sink.Stats.RowsDelivered);
        }

        Assert.Equal(["0123456789abcdef:Open", "0123456789abcdef:Resolved"], _h.Server.Ids("Custom-AiObsIncidents_CL"));
        Assert.Equal(["alert-0", "alert-1"], _h.Server.Ids("Custom-AiObsAlerts_CL"));
    }

    [Fact]
    public async Task WriteIncidents_DuringOutage_SpooledAndDeliveredAfterRestart()
    {
        _h.Server.Outage = IngestionFault.Unavailable();
        await using (var first = new LogAnalyticsSink(_h.Options() with { MaxRetryAttempts = 1, ShutdownDrainTimeout = TimeSpan.FromMilliseconds(100) }))
        {
            first.WriteIncidents([TestIncidents.Capacity()]);
        }

        Assert.Contains(Directory.GetFiles(_h.Spool, "*.json.gz"), f => Path.GetFileName(f).Contains("-i-", StringComparison.Ordinal));
        Assert.True(await SinkHarness.EventuallyAsync(() => _h.Server.InFlight == 0));
        _h.Server.Outage = null;
        await using (var second = new LogAnalyticsSink(_h.Options() with { IncidentsStream = "Custom-I" }))
        {
            Assert.Contains("resuming the spool", _h.AllMessages, StringComparison.Ordinal);
            await second.FlushAsync(CancellationToken.None);
            Assert.True(await SinkHarness.EventuallyAsync(() => _h.Server.Ids("Custom-I").Count > 0));
        }

        Assert.Equal("0123456789abcdef:Open", _h.Server.Ids("Custom-I").Distinct().Single());
        Assert.Empty(Directory.GetFiles(_h.Spool, "*.json.gz"));
    }

    [Fact]
    public async Task Flush_Server413_SplitsUntilAccepted_NothingLostOrDuplicated()
    {
        _h.Server.LimitBytes = 20_000;
        var rows = TestRows.Metrics(1_000);
        await using (var sink = new LogAnalyticsSink(_h.Options() with { MaxBatchBytes = 100_000, Compression = System.IO.Compression.CompressionLevel.NoCompression }))
        {
            sink.WriteRows(rows);
            await sink.FlushAsync(CancellationToken.None);
            Assert.True(sink.Stats.Splits > 0);
        }

        var ids = _h.Server.Ids(MetricsStream);
        Assert.Equal(rows.Count, ids.Count);
        Assert.Equal(TestRows.Ids(rows), ids.ToHashSet());
        Assert.All(_h.Server.Accepted, b => Assert.True(b.JsonBytes <= 20_000));
    }

    [Fact]
    public async Task Flush_Throttled429WithRetryAfter_WaitsThenDeliversOnce()
    {
        _h.Server.Faults.Enqueue(IngestionFault.Throttled("1"));
        var rows = TestRows.Metrics(50);
        var clock = Stopwatch.StartNew();
        await using (var sink = new LogAnalyticsSink(_h.Options() with { RetryMaxDelay = TimeSpan.FromSeconds(2) }))
        {
            sink.WriteRows(rows);
            await sink.FlushAsync(CancellationToken.None);
            Assert.Equal(1, sink.Stats.Retries);
        }

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(950), $"Retry-After: 1 honoured ({clock.Elapsed})");
        Assert.Equal(TestRows.Ids(rows), _h.Server.Ids(MetricsStream).ToHashSet());
        Assert.Equal(50, _h.Server.Ids(MetricsStream).Count);
    }

    [Fact]
    public async Task Flush_503ThreeTimes_RetriesWithBackoffAndDeliversOnce()
    {
        for (var i = 0; i < 3; i++)
        {
            _h.Server.Faults.Enqueue(IngestionFault.Unavailable() with { RetryAfterMs = "20" });
        }

        var rows = TestRows.Metrics(80);
        await using (var sink = new LogAnalyticsSink(_h.Options()))
        {
            sink.WriteRows(rows);
            await sink.FlushAsync(CancellationToken.None);
            Assert.Equal(3, sink.Stats.Retries);
            Assert.Equal(0, sink.Stats.SpooledBatches);
        }

        Assert.Equal(80, _h.Server.Ids(MetricsStream).Count);
        Assert.Equal(4, _h.Server.Requests);
    }

    [Fact]
    public async Task Flush_403_ReportsMissingRoleKeepsRowsAndDeliversAfterFix()
    {
        _h.Server.Outage = IngestionFault.Forbidden(IngestionTestServer.Dcr);
        var rows = TestRows.Metrics(300);
        await using var sink = new LogAnalyticsSink(_h.Options() with { MaxBatchBytes = 50_000 });
        sink.WriteRows(rows);
        await sink.FlushAsync(CancellationToken.None);

        Assert.Empty(_h.Server.Accepted);
        Assert.True(sink.Stats.SpooledBatches > 0);
        var message = sink.Stats.LastError!;
        Assert.Contains("403 Forbidden", message, StringComparison.Ordinal);
        Assert.Contains("Monitoring Metrics Publisher", message, StringComparison.Ordinal);
        Assert.Contains(IngestionTestServer.Dcr, message, StringComparison.Ordinal);
        Assert.Contains(_h.Spool, message, StringComparison.Ordinal);
        Assert.Single(_h.Messages, m => m.Contains("403", StringComparison.Ordinal)); // reported once, not per request

        _h.Server.Outage = null; // role assigned
        Assert.True(await SinkHarness.EventuallyAsync(() => sink.Stats.RowsDelivered == rows.Count));
        Assert.Equal(TestRows.Ids(rows), _h.Server.Ids(MetricsStream).ToHashSet());
        Assert.Equal(rows.Count, _h.Server.Ids(MetricsStream).Count);
        Assert.Equal(0, sink.Stats.SpooledBatches);
        Assert.Contains("delivering again", _h.AllMessages, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flush_WrongToken401_ReportsDcrAndRoleAndKeepsRows()
    {
        await using var sink = new LogAnalyticsSink(_h.Options() with { StaticToken = "expired" });
        sink.WriteRows(TestRows.Metrics(10));
        await sink.FlushAsync(CancellationToken.None);

        Assert.Empty(_h.Server.Accepted);
        Assert.Equal(1, sink.Stats.SpooledBatches);
        Assert.Contains("401 Unauthorized", sink.Stats.LastError, StringComparison.Ordinal);
        Assert.Contains("Monitoring Metrics Publisher", sink.Stats.LastError, StringComparison.Ordinal);
        Assert.Contains(IngestionTestServer.Dcr, sink.Stats.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flush_SlowAcceptThenTimeout_DuplicatesOnlyRowsOfTheTimedOutRequest()
    {
        _h.Server.Faults.Enqueue(new IngestionFault(204) { AcceptThenDelay = true, Delay = TimeSpan.FromMilliseconds(800) });
        var rows = TestRows.Metrics(400);
        await using (var sink = new LogAnalyticsSink(_h.Options() with { MaxBatchBytes = 50_000, RequestTimeout = TimeSpan.FromMilliseconds(250) }))
        {
            sink.WriteRows(rows);
            await sink.FlushAsync(CancellationToken.None);
            Assert.True(sink.Stats.Retries >= 1);
        }

        var accepted = _h.Server.Accepted;
        var ids = _h.Server.Ids(MetricsStream);
        Assert.Equal(TestRows.Ids(rows), ids.ToHashSet()); // nothing lost
        var duplicates = ids.GroupBy(x => x).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        Assert.Equal(accepted[0].Ids.ToHashSet(), duplicates); // exactly the timed-out request's rows, same RowIds
        Assert.Equal(rows.Count + accepted[0].Ids.Count, ids.Count);
    }

    [Fact]
    public async Task Dispose_DuringOutage_SpoolResumesAfterRestartInOrder()
    {
        _h.Server.Outage = IngestionFault.Unavailable();
        var before = TestRows.Metrics(500);
        await using (var first = new LogAnalyticsSink(_h.Options() with { MaxBatchBytes = 40_000, MaxRetryAttempts = 1, ShutdownDrainTimeout = TimeSpan.FromMilliseconds(100) }))
        {
            first.WriteRows(before);
        }

        Assert.Empty(_h.Server.Accepted);
        Assert.NotEmpty(Directory.GetFiles(_h.Spool, "*.json.gz"));
        Assert.Contains("kept in the spool", _h.AllMessages, StringComparison.Ordinal);

        // A request the first sink abandoned at shutdown may still be in the server; usually it finishes under the
        // outage (503), but it may also be accepted after it: that copy is an ambiguous attempt like a timeout.
        Assert.True(await SinkHarness.EventuallyAsync(() => _h.Server.InFlight == 0));
        _h.Server.Outage = null;
        var after = TestRows.Metrics(100, offset: 500);
        LogAnalyticsSinkStats stats;
        await using (var second = new LogAnalyticsSink(_h.Options() with { MaxBatchBytes = 40_000 }))
        {
            Assert.Contains("resuming the spool", _h.AllMessages, StringComparison.Ordinal);
            second.WriteRows(after);
            await second.FlushAsync(CancellationToken.None);
            Assert.True(await SinkHarness.EventuallyAsync(() => second.Stats.RowsDelivered == 600));
            stats = second.Stats;
        }

        // Production order across the restart, each row once, except whole repeats of already delivered rows: at most
        // the one request in flight when the first sink stopped, plus the second sink's unacknowledged attempts.
        var expected = before.Concat(after).Select(r => r.RowId.ToString("x16", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        DeliveryOrder.AssertProductionOrder(_h.Server.Accepted, MetricsStream, expected, 1 + stats.Requests - stats.BatchesDelivered);
        Assert.Empty(Directory.GetFiles(_h.Spool, "*.json.gz"));
    }

    [Fact]
    public async Task Spool_OverLimitDuringOutage_DropsOldestCountedAndReported()
    {
        _h.Server.Outage = IngestionFault.Unavailable();
        var rows = TestRows.Metrics(3_000);
        await using var sink = new LogAnalyticsSink(_h.Options() with { MaxBatchBytes = 20_000, SpoolLimitBytes = 60_000, MaxRetryAttempts = 0 });
        sink.WriteRows(rows);
        await sink.FlushAsync(CancellationToken.None);
        var dropped = sink.Stats.SpoolDroppedRows;
        Assert.True(dropped > 0);
        Assert.True(sink.Stats.SpooledBytes <= 60_000);
        Assert.Contains("dropped the oldest rows", _h.AllMessages, StringComparison.Ordinal);

        _h.Server.Outage = null;
        Assert.True(await SinkHarness.EventuallyAsync(() => sink.Stats.SpooledBatches == 0));
        var ids = _h.Server.Ids(MetricsStream);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(rows.Count, ids.Count + dropped); // every row delivered or counted as dropped
    }

    [Fact]
    public async Task Flush_400BadRequest_SetsBatchAsideAndDeliversTheRest()
    {
        _h.Server.Faults.Enqueue(new IngestionFault(400, "{\"error\":{\"code\":\"InvalidContent\",\"message\":\"schema mismatch\"}}"));
        await using var sink = new LogAnalyticsSink(_h.Options() with { MaxBatchBytes = 20_000 });
        sink.WriteRows(TestRows.Metrics(200));
        await sink.FlushAsync(CancellationToken.None);

        var rejected = sink.Stats.RejectedRows;
        Assert.True(rejected > 0);
        Assert.Equal(200, _h.Server.Ids(MetricsStream).Count + rejected);
        Assert.Single(Directory.GetFiles(Path.Combine(_h.Spool, "rejected"), "*.json.gz"));
        Assert.Contains("schema mismatch", File.ReadAllText(Directory.GetFiles(Path.Combine(_h.Spool, "rejected"), "*.txt")[0]), StringComparison.Ordinal);
    }

    public void Dispose() => _h.Dispose();
}
