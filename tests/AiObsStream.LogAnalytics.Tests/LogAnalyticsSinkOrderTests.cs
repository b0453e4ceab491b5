using AiObsStream.TestKit;
using System.Globalization;
using AiObsStream.Core.Aggregation;

namespace AiObsStream.LogAnalytics.Tests;

/// <summary>Delivery order of the sink under forced interleavings (the server holds a request until the test
/// releases it): the spool drain against the engine spilling, and a request abandoned at shutdown then accepted late.</summary>
[Trait("Category", "Integration")]
public sealed class LogAnalyticsSinkOrderTests : IDisposable
{
    private const string MetricsStream = "Custom-AiObsMetrics_CL";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly SinkHarness _h = new();

    [Fact]
    public async Task Drain_EngineSpillsWhileSpoolDrains_QueuedBatchesAreSentBeforeLaterSpilledOnes()
    {
        _h.Server.Outage = IngestionFault.Unavailable();
        var rows = TestRows.Metrics(200);
        var options = _h.Options() with { MaxBatchBytes = 20_000, QueueCapacity = 1, MaxRetryAttempts = 0, RequestTimeout = Wait };
        await using var sink = new LogAnalyticsSink(options);
        sink.WriteRows(rows.GetRange(0, 10));
        await sink.FlushAsync(CancellationToken.None);
        Assert.Equal(1, sink.Stats.SpooledBatches); // batch 1 waits in the spool

        var gate = new FaultGate();
        _h.Server.Faults.Enqueue(new IngestionFault(204) { Gate = gate });
        _h.Server.Outage = null;
        await gate.Reached.WaitAsync(Wait); // the sender is draining batch 1; the server holds it

        // Batch 2 fills the queue (capacity 1); batches 3, 4, ... find it full and spill to the spool behind batch 1.
        sink.WriteRows(rows.GetRange(10, 190));
        Assert.True(sink.Stats.SpooledBatches >= 2, $"{sink.Stats.SpooledBatches} batches spooled");
        gate.Release();
        await sink.FlushAsync(CancellationToken.None);
        Assert.True(await SinkHarness.EventuallyAsync(() => sink.Stats.RowsDelivered == rows.Count), _h.AllMessages);

        Assert.Equal(Ids(rows), _h.Server.Ids(MetricsStream)); // exactly once, in production order
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Dispose_RequestAbandonedAtShutdownAcceptedLate_OnlyRepeatsRowsAfterRestart(bool acceptBeforeRestart)
    {
        var gate = new FaultGate();
        _h.Server.Faults.Enqueue(new IngestionFault(204) { Gate = gate }); // the first request: held, then accepted
        _h.Server.Outage = IngestionFault.Unavailable();
        var before = TestRows.Metrics(500);
        LogAnalyticsSinkStats firstStats;
        await using (var first = new LogAnalyticsSink(_h.Options() with { MaxBatchBytes = 40_000, RequestTimeout = Wait, ShutdownDrainTimeout = TimeSpan.FromMilliseconds(100) }))
        {
            first.WriteRows(before);
            await gate.Reached.WaitAsync(Wait);
            firstStats = first.Stats;
        }

        Assert.Empty(_h.Server.Accepted); // the sink gave up on batch 1 at shutdown and kept it in the spool
        if (acceptBeforeRestart)
        {
            gate.Release();
            Assert.True(await SinkHarness.EventuallyAsync(() => _h.Server.Accepted.Count == 1));
        }

        _h.Server.Outage = null;
        var after = TestRows.Metrics(100, offset: 500);
        await using (var second = new LogAnalyticsSink(_h.Options() with { MaxBatchBytes = 40_000, RequestTimeout = Wait }))
        {
            second.WriteRows(after);
            await second.FlushAsync(CancellationToken.None);
            Assert.True(await SinkHarness.EventuallyAsync(() => second.Stats.RowsDelivered == 600), _h.AllMessages);
            Assert.Equal(second.Stats.Requests, second.Stats.BatchesDelivered); // no ambiguity in the second run
        }

        if (!acceptBeforeRestart)
        {
            var delivered = _h.Server.Accepted.Count;
            gate.Release();
            Assert.True(await SinkHarness.EventuallyAsync(() => _h.Server.Accepted.Count == delivered + 1));
        }

        // The late copy of batch 1 lands before or after the resent one: one repeated request, order otherwise exact.
        Assert.Equal(1, firstStats.Requests);
        var repeats = DeliveryOrder.AssertProductionOrder(_h.Server.Accepted, MetricsStream, Ids(before.Concat(after)), maxRepeats: 1);
        Assert.Equal(1, repeats);
        Assert.NotEqual(Ids(before.Concat(after)), _h.Server.Ids(MetricsStream)); // so strict equality is not the guarantee
    }

    public void Dispose() => _h.Dispose();

    internal static List<string> Ids(IEnumerable<MetricRow> rows) =>
        [.. rows.Select(r => r.RowId.ToString("x16", CultureInfo.InvariantCulture))];
}
