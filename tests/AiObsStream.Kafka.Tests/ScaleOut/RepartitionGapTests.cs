using System.Threading.Channels;
using AiObsStream.Kafka.ScaleOut;
using AiObsStream.Pipeline.Inputs;
using AiObsStream.TestKit;
using Confluent.Kafka;

namespace AiObsStream.Kafka.Tests.ScaleOut;

/// <summary>
/// Stage 2 counts repartition records the broker deleted before their task read them, as stage 1 does for input
/// (<see cref="RouteStageTests"/>): the stage-2 consumer (<see cref="OwnStage.CreateSource"/>) with the start check
/// <see cref="OwnStage.RunAsync"/> turns on, on a partition the loopback broker has trimmed (it keeps about 5 MiB).
/// </summary>
[Trait("Category", "Integration")]
public sealed class RepartitionGapTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Start_RecordsTheBrokerDroppedBeforeTheTaskReadThem_CountedAsUnavailable(bool fromCheckpoint)
    {
        using var broker = await KafkaMockBroker.StartAsync(("repartition", 1));
        var body = new byte[14_000];
        Array.Fill(body, (byte)'x');
        await TopicClient.ProduceAsync(broker.BootstrapServers, "repartition", Enumerable.Range(0, 600).Select(_ => new TopicMessage(null, body)));
        var low = LowWatermark(broker.BootstrapServers);
        Assert.True(low > 0, "the test broker kept every message: the premise of this test (its 5 MiB cap) no longer holds");
        var reported = new List<string>();

        var (unavailable, last) = await FirstReadAsync(broker, fromCheckpoint ? 0 : null, reported);

        Assert.Equal(low, unavailable);
        Assert.Equal(FormattableString.Invariant($"repartition/0: offsets 0..{low - 1} were no longer on the broker"), last);
        Assert.Equal([last!], reported);
    }

    [Fact]
    public async Task Start_EveryRecordStillOnTheBroker_NothingUnavailable()
    {
        using var broker = await KafkaMockBroker.StartAsync(("repartition", 2));
        await TopicClient.ProduceAsync(broker.BootstrapServers, "repartition", Enumerable.Range(0, 20).Select(i => TopicMessage.Of("x" + i, partition: i % 2)));

        var (unavailable, last) = await FirstReadAsync(broker, startAt: 5, []);

        Assert.Equal(0L, unavailable);
        Assert.Null(last);
    }

    /// <summary>Starts the stage-2 source (at <paramref name="startAt"/> as a restored task would, or at the group's position) and reads until every partition delivered once.</summary>
    private static async Task<(long Unavailable, string? Last)> FirstReadAsync(KafkaMockBroker broker, long? startAt, List<string> reported)
    {
        var settings = broker.Settings() with { Topics = ["repartition"], GroupId = "gap" };
        using var source = OwnStage.CreateSource(settings, "repartition", new InputOptions());
        source.CheckStarts = true;
        source.OnUnavailable = reported.Add;
        source.StartOffsetOf = _ => startAt;
        using var limit = new CancellationTokenSource(Limit);
        await source.StartAsync(null, Limit, limit.Token);
        var epoch = source.TakeEpoch();
        using var stop = new CancellationTokenSource();
        var reading = new List<Task>();
        foreach (var input in epoch.Inputs)
        {
            var channel = Channel.CreateUnbounded<InputBatch>();
            reading.Add(input.RunAsync(channel.Writer, stop.Token));
            var batch = await channel.Reader.ReadAsync(limit.Token); // the first batch: the partition's first position was seen
            batch.Events.Dispose();
        }

        await stop.CancelAsync();
        await Task.WhenAll(reading);
        return (source.Unavailable, source.LastUnavailable);
    }

    private static long LowWatermark(string bootstrap)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "watermarks" })
            .SetLogHandler(static (_, _) => { }).Build();
        return consumer.QueryWatermarkOffsets(new TopicPartition("repartition", 0), TimeSpan.FromSeconds(30)).Low.Value;
    }
}
