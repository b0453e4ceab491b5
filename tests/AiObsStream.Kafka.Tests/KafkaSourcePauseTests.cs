using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using AiObsStream.Kafka.Consumer;
using AiObsStream.Pipeline.Inputs;
using AiObsStream.TestKit;

namespace AiObsStream.Kafka.Tests;

/// <summary>
/// librdkafka keeps a partition's pause across a revocation: a partition paused for backpressure and assigned back to
/// the same consumer must still deliver (it did not: a scale-out task whose partition came back paused never saw its
/// input again, never went idle, and its process never stopped).
/// </summary>
public sealed class KafkaSourcePauseTests
{
    [Fact]
    public async Task PausedPartition_RevokedAndAssignedBack_DeliversAgain()
    {
        using var broker = await KafkaMockBroker.StartAsync(("paused", 1));
        var settings = broker.Settings() with { Topics = ["paused"], GroupId = "pause", SessionTimeout = TimeSpan.FromSeconds(6) };
        using var source = new KafkaSource(settings.BuildConsumerConfig(), ["paused"], new InputOptions(), idleFlush: TimeSpan.FromMilliseconds(20));
        await source.StartAsync(null, TimeSpan.FromSeconds(60), CancellationToken.None);

        // Nobody reads the partition's batches: one message at a time (each handed over as its own batch once quiet) until
        // the partition is paused at the broker.
        var produced = 0;
        await Eventually(async () =>
        {
            await TopicClient.ProduceAsync(broker.BootstrapServers, "paused", [new TopicMessage(null, Encoding.UTF8.GetBytes("not telemetry " + produced++))]);
            return source.PausedPartitions == 1;
        }, "the partition was never paused");

        // Another member joins and leaves: the partition is revoked, and (the group's only partition) comes back.
        await Task.Run(() =>
        {
            using var other = new Confluent.Kafka.ConsumerBuilder<byte[], byte[]>(settings.BuildConsumerConfig()).Build();
            other.Subscribe("paused");
            var deadline = Stopwatch.StartNew();
            while (source.Assignment.Count > 0 && other.Assignment.Count == 0 && deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                other.Consume(TimeSpan.FromMilliseconds(100));
            }

            other.Close();
        });
        await Eventually(() => Task.FromResult(source.Assignment.Count == 1 && !source.AwaitingAssignment), "the partition never came back");

        // Read it now: every message is delivered again (nothing was committed, so from the start).
        var epoch = source.TakeEpoch();
        var channel = Channel.CreateUnbounded<InputBatch>();
        using var stop = new CancellationTokenSource();
        var reading = epoch.Inputs[0].RunAsync(channel.Writer, stop.Token);
        long units = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            while (units < produced && await channel.Reader.WaitToReadAsync(timeout.Token))
            {
                while (channel.Reader.TryRead(out var batch))
                {
                    units += batch.Units;
                    batch.Events.Dispose();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // asserted below
        }

        await stop.CancelAsync();
        await reading;
        Assert.Equal(produced, units);
    }

    private static async Task Eventually(Func<Task<bool>> condition, string message)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), message);
            await Task.Delay(50);
        }
    }
}
