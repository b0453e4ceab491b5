using System.Text;
using AiObsStream.Core.Events;
using AiObsStream.Kafka.ScaleOut;
using AiObsStream.Pipeline.Inputs;
using AiObsStream.TestKit;

namespace AiObsStream.Kafka.Tests.ScaleOut;

public sealed class RepartitionRouterTests
{
    private const int Partitions = 8;

    [Fact]
    public void Route_TraceMessages_EveryRecordOnceAtItsOwnersPartitionWithSourceHeaders()
    {
        var messages = TraceMessages.Load("h100-trace-a");
        using var router = new RepartitionRouter(new InputOptions(), Partitions);
        var output = new List<RoutedMessage>();
        var expected = 0;
        var offset = 0L;
        foreach (var (topic, list) in messages)
        {
            foreach (var m in list)
            {
                expected += ParsedCount(m);
                router.Route(topic + "/0", offset, m, 0, output);
                offset++;
            }
        }

        var events = 0;
        var owners = new Dictionary<string, int>(StringComparer.Ordinal);
        var lastOffset = new Dictionary<(string, int), long>();
        foreach (var m in output)
        {
            Assert.Equal(EnvelopeKind.Records, EnvelopeCodec.KindOf(m.Value));
            using var buffer = new EventBuffer(64);
            EnvelopeCodec.ReadRecords(m.Value, buffer);
            foreach (var e in buffer.Span.ToArray())
            {
                Assert.Equal(OwnerKey.PartitionOf(e.Dims, Partitions), m.Partition);
                Assert.Equal(m.Offset, e.Origin);
                Assert.True(e.TimeUnixMs <= m.EventTime);
                var owner = OwnerKey.Of(e.Dims);
                Assert.Equal(owners.TryAdd(owner, m.Partition) ? m.Partition : owners[owner], m.Partition); // one owner, one partition
                events++;
            }

            // At most one envelope per source message and partition: de-duplication by (source, offset) stays exact.
            Assert.True(!lastOffset.TryGetValue((m.Source, m.Partition), out var last) || m.Offset > last);
            lastOffset[(m.Source, m.Partition)] = m.Offset;
        }

        Assert.Equal(expected, events);
        Assert.Contains(owners.Keys, k => k.StartsWith("d:", StringComparison.Ordinal));
    }

    [Fact]
    public void Route_BodyWithTwoDeployments_SplitIntoOneEnvelopePerOwnerPartition()
    {
        using var router = new RepartitionRouter(new InputOptions(), 64);
        var deployments = Enumerable.Range(0, 40).Select(i => "dep-" + i).ToList();
        var body = "{\"records\":[" + string.Join(',', deployments.Select(Record)) + "]}";
        var output = new List<RoutedMessage>();
        router.Route("aoai/2", 9, Encoding.UTF8.GetBytes(body), 0, output);
        var partitions = deployments.Select(d => OwnerKey.PartitionOf(DimsPool.Shared.Intern(
            new DimsKey(TelemetrySource.AzureOpenAI, d, "", "", "", "", "", "")), 64)).Distinct().Order().ToList();
        Assert.True(partitions.Count > 1);
        Assert.Equal(partitions, output.Select(m => m.Partition).Order());
        Assert.All(output, m => Assert.Equal(("aoai/2", 9L), (m.Source, m.Offset)));
    }

    [Fact]
    public void Route_GpuSeries_KeyedByTheDeploymentTheGpuServes()
    {
        var options = new InputOptions { GpuDeployments = new Dictionary<string, string>(StringComparer.Ordinal) { ["node-7"] = "chat-prod" } };
        using var router = new RepartitionRouter(options, Partitions);
        var output = new List<RoutedMessage>();
        router.Route("dcgm/0", 0, Encoding.UTF8.GetBytes(
            "DCGM_FI_DEV_GPU_UTIL{gpu=\"0\",UUID=\"GPU-a\",Hostname=\"node-7\"} 87 1700000000000\n"), 0, output);
        var single = Assert.Single(output);
        using var buffer = new EventBuffer(4);
        EnvelopeCodec.ReadRecords(single.Value, buffer);
        Assert.Equal("d:chat-prod", OwnerKey.Of(buffer.Span[0].Dims));
        Assert.Equal(OwnerKey.PartitionOf(DimsPool.Shared.Intern(new DimsKey(TelemetrySource.AzureOpenAI, "chat-prod", "", "", "", "", "", "")), Partitions),
            single.Partition);
    }

    [Fact]
    public void OwnerKey_NoDeployment_FallsBackToHostThenGpu()
    {
        Assert.Equal("h:node-1", OwnerKey.Of(new SeriesDims(TelemetrySource.DCGM, "", "", "", "", "", "node-1", "GPU-1")));
        Assert.Equal("g:GPU-1", OwnerKey.Of(new SeriesDims(TelemetrySource.DCGM, "", "", "", "", "", "", "GPU-1")));
        Assert.Equal(string.Empty, OwnerKey.Of(new SeriesDims(TelemetrySource.DCGM, "", "", "", "", "", "", "")));
    }

    [Theory]
    [InlineData("this is not telemetry", RejectReason.Malformed)]
    [InlineData("{\"records\":[{\"time\":", RejectReason.Malformed)]
    [InlineData("", RejectReason.Malformed)]
    public void Route_BadMessage_DeadLetteredWithItsSourceAndOffsetNoRecords(string body, RejectReason reason)
    {
        using var router = new RepartitionRouter(new InputOptions(), Partitions);
        var output = new List<RoutedMessage>();
        router.Route("aoai/5", 41, body.Length == 0 ? null : Encoding.UTF8.GetBytes(body), 0, output);
        var single = Assert.Single(output);
        Assert.Equal(EnvelopeKind.DeadLetters, EnvelopeCodec.KindOf(single.Value));
        Assert.Equal(router.DeadLetterPartition("aoai/5"), single.Partition);
        Assert.Equal(("aoai/5", 41L), (single.Source, single.Offset));
        var letter = Assert.Single(EnvelopeCodec.ReadDeadLetters(single.Value));
        Assert.Equal(("aoai/5", 41L, reason), (letter.Input, letter.Position, letter.Reason));
        Assert.Equal(41, router.LastOffsetOf("aoai/5"));
    }

    [Fact]
    public void Punctuate_EveryPartitionGetsTheSourcesProgress()
    {
        using var router = new RepartitionRouter(new InputOptions(), Partitions);
        var output = new List<RoutedMessage>();
        router.Route("dcgm/1", 3, Encoding.UTF8.GetBytes("DCGM_FI_DEV_GPU_UTIL{gpu=\"0\",UUID=\"GPU-a\",Hostname=\"n\"} 5 1700000000000\n"), 0, output);
        output.Clear();
        router.Punctuate("dcgm/1", idle: false, [("dcgm", 2)], output);
        Assert.Equal(Enumerable.Range(0, Partitions), output.Select(m => m.Partition));
        Assert.All(output, m =>
        {
            Assert.Equal(("dcgm/1", 3L, 1_700_000_000_000L), (m.Source, m.Offset, m.EventTime));
            var (idle, topics) = EnvelopeCodec.ReadPunctuation(m.Value);
            Assert.False(idle);
            Assert.Equal([("dcgm", 2)], topics);
        });
    }

    private static string Record(string deployment) =>
        "{\"time\":\"2026-11-22T11:12:38.2045420Z\",\"category\":\"RequestResponse\",\"operationName\":\"ChatCompletions_Create\"," +
        "\"resourceId\":\"/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.COGNITIVESERVICES/ACCOUNTS/A\",\"durationMs\":512," +
        "\"resultSignature\":\"200\",\"properties\":{\"modelDeploymentName\":\"" + deployment + "\",\"modelName\":\"gpt-4o\",\"modelVersion\":\"2024-08-06\"}}";

    private static int ParsedCount(byte[] message)
    {
        using var router = new UnitRouter(new InputOptions());
        var builder = new BatchBuilder("x", new InputOptions());
        router.Accept(builder, message, 0);
        using var events = builder.Take().Events;
        return events.Count;
    }
}
