using AiObsStream.Kafka.ScaleOut;
using AiObsStream.Pipeline.Inputs;
using AiObsStream.TestKit;
using Confluent.Kafka;

namespace AiObsStream.Kafka.Tests.ScaleOut;

/// <summary>
/// Stage 1 against the loopback broker. Why the counting of missing input matters: librdkafka's mock cluster (the test
/// broker) keeps about 5 MiB per partition and silently drops the oldest message sets beyond that, and a consumer group
/// then starts at the oldest offset left. A scale-out check whose no-key producer piled 5.5 MiB into one input
/// partition lost that partition's first 102 messages that way (fewer App Insights records in the first windows, no
/// dead letter, no reject), which looked like a scale-out bug.
/// </summary>
public sealed class RouteStageTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task Run_InputTheBrokerDroppedBeforeTheGroupReadIt_CountsItAsUnavailable()
    {
        using var broker = await KafkaMockBroker.StartAsync(("input", 1), ("repartition", 2));
        var body = new byte[14_000];
        Array.Fill(body, (byte)'x'); // malformed on purpose: each message becomes one dead letter, cheap to route
        const int Count = 600; // 8 MiB into one partition: more than the mock cluster keeps
        await TopicClient.ProduceAsync(broker.BootstrapServers, "input", Enumerable.Range(0, Count).Select(_ => new TopicMessage(null, body)));
        var low = LowWatermark(broker.BootstrapServers);
        Assert.True(low > 0, "the test broker kept every message: the premise of this test (its 5 MiB cap) no longer holds");

        using var route = await RunUntilQuietAsync(broker, "dropped");

        Assert.Equal(low, route.Unavailable);
        Assert.Equal(Count - low, route.Routed);
        Assert.Equal(FormattableString.Invariant($"input/0: offsets 0..{low - 1} were no longer on the broker"), route.LastUnavailable);
    }

    [Fact]
    public async Task Run_EveryInputStillOnTheBroker_NothingUnavailable()
    {
        using var broker = await KafkaMockBroker.StartAsync(("input", 2), ("repartition", 2));
        await TopicClient.ProduceAsync(broker.BootstrapServers, "input", Enumerable.Range(0, 20).Select(i => TopicMessage.Of("not json " + i, partition: i % 2)));

        using var route = await RunUntilQuietAsync(broker, "kept");

        Assert.Equal(20L, route.Routed);
        Assert.Equal(0L, route.Unavailable);
        Assert.Null(route.LastUnavailable);
    }

    private static async Task<RouteStage> RunUntilQuietAsync(KafkaMockBroker broker, string group)
    {
        var settings = new KafkaSettings { BootstrapServers = broker.BootstrapServers, Topics = ["input"], GroupId = group, DeliveryTimeout = TimeSpan.FromSeconds(60) };
        var route = new RouteStage(settings, new InputOptions(), "repartition", 2, Idle);
        try
        {
            using var stop = new CancellationTokenSource();
            var run = route.RunAsync(stop.Token);
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));

            // Quiet: assigned, read to the end of every partition and announced idle (broker round trips, so polled).
            while (!(route.Assignments > 0 && route.Quiet) && !run.IsCompleted)
            {
                await Task.Delay(50, limit.Token);
            }

            await stop.CancelAsync();
            await run;
            return route;
        }
        catch
        {
            route.Dispose();
            throw;
        }
    }

    private static long LowWatermark(string bootstrap)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "watermarks" })
            .SetLogHandler(static (_, _) => { }).Build();
        return consumer.QueryWatermarkOffsets(new TopicPartition("input", 0), TimeSpan.FromSeconds(30)).Low.Value;
    }
}
