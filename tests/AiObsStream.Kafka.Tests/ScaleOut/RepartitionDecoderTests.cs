using System.Text;
using AiObsStream.Core.Events;
using AiObsStream.Kafka.ScaleOut;
using AiObsStream.Pipeline.Inputs;
using Confluent.Kafka;

namespace AiObsStream.Kafka.Tests.ScaleOut;

public sealed class RepartitionDecoderTests
{
    private const string Input = "repart/3";
    private static readonly (string, int)[] Topics = [("aoai", 2)];
    private static readonly SeriesDims Dims = DimsPool.Shared.Intern(new DimsKey(TelemetrySource.AzureOpenAI, "chat", "", "", "", "", "", ""));

    [Fact]
    public void Watermark_UnknownUntilEverySourceReported_ThenTheMinimum()
    {
        var decoder = new RepartitionDecoder(Input);
        var builder = Builder();
        decoder.Accept(builder, Punctuation("aoai/0", 10, 5_000), 0);
        Assert.Equal(long.MinValue, builder.Current.Watermark); // aoai/1 has not reported: nothing may close
        decoder.Accept(builder, Punctuation("aoai/1", 4, 3_000), 1);
        Assert.Equal(3_000, builder.Current.Watermark);
        decoder.Accept(builder, Punctuation("aoai/1", 9, 9_000), 2);
        Assert.Equal(5_000, builder.Current.Watermark);
        decoder.Accept(builder, Punctuation("aoai/1", 9, 8_000), 3); // never backwards
        Assert.Equal(5_000, builder.Current.Watermark);
    }

    [Fact]
    public void Watermark_IdleSourceDoesNotHoldBack_AllIdleMeansEverythingDelivered()
    {
        var decoder = new RepartitionDecoder(Input);
        var builder = Builder();
        decoder.Accept(builder, Punctuation("aoai/0", 10, 5_000), 0);
        decoder.Accept(builder, Punctuation("aoai/1", 4, 3_000, idle: true), 1);
        Assert.Equal(5_000, builder.Current.Watermark);
        Assert.False(decoder.AllIdle);
        decoder.Accept(builder, Punctuation("aoai/0", 10, 5_000, idle: true), 2);
        Assert.True(decoder.AllIdle);
        Assert.Equal(5_000, builder.Current.Watermark);

        // A record wakes its source up: it holds the time back again.
        decoder.Accept(builder, Records("aoai/1", 5, 3_500, 3_500), 3);
        Assert.False(decoder.AllIdle);
        Assert.Equal(3_500, builder.Current.Watermark);
    }

    [Fact]
    public void Accept_ReplayedEnvelopes_DroppedByTheirSourceOffset()
    {
        var decoder = new RepartitionDecoder(Input);
        var builder = Builder();
        decoder.Accept(builder, Records("aoai/0", 7, 1_000, 1_000), 0);
        decoder.Accept(builder, Records("aoai/1", 7, 1_100, 1_100), 1); // same offset, another source: not a duplicate
        decoder.Accept(builder, Records("aoai/0", 8, 1_200, 1_200), 2);
        decoder.Accept(builder, Records("aoai/0", 7, 1_000, 1_000), 3); // stage 1 crashed and re-sent 7 and 8
        decoder.Accept(builder, Records("aoai/0", 8, 1_200, 1_200), 4);
        decoder.Accept(builder, Records("aoai/0", 9, 1_300, 1_300), 5);
        Assert.Equal([1_000L, 1_100, 1_200, 1_300], builder.Current.Events.Span.ToArray().Select(e => e.TimeUnixMs));
        Assert.Equal(2, decoder.Duplicates);
        Assert.Equal(9, decoder.ProgressOf("aoai/0")!.HighOffset);
    }

    [Fact]
    public void Positions_RestoreIntoANewDecoder_SameMarksAndWatermark()
    {
        var decoder = new RepartitionDecoder(Input);
        var builder = Builder();
        decoder.Accept(builder, Records("aoai/0", 7, 1_000, 4_000), 0);
        decoder.Accept(builder, Punctuation("aoai/0", 7, 4_000), 1);
        decoder.Accept(builder, Punctuation("aoai/1", 2, 2_500, idle: true), 2);
        var positions = builder.Current.Positions!;
        Assert.All(positions.Keys, k => Assert.StartsWith(Input + "#", k, StringComparison.Ordinal));

        // The checkpoint's offsets: the positions plus unrelated entries (other inputs, the partition's own offset).
        var offsets = new Dictionary<string, long>(positions, StringComparer.Ordinal) { [Input] = 3, ["repart/4#o:aoai/0"] = 99 };
        var restored = new RepartitionDecoder(Input);
        restored.Restore(offsets);
        Assert.Equal(7, restored.ProgressOf("aoai/0")!.HighOffset);
        Assert.True(restored.ProgressOf("aoai/1")!.Idle);
        var next = Builder();
        restored.Accept(next, Records("aoai/0", 7, 1_000, 4_000), 3); // replayed after the restore: still a duplicate
        Assert.Equal(0, next.Current.Events.Count);
        Assert.Equal(4_000, next.Current.Watermark);
    }

    [Fact]
    public void Accept_DeadLetters_IntoTheBatchRejects()
    {
        var decoder = new RepartitionDecoder(Input);
        var builder = Builder();
        var letter = new DeadLetter("aoai/1", 12, RejectReason.Malformed, "bad body", -1, "{", 1);
        decoder.Accept(builder, Message("aoai/1", 12, 0, EnvelopeCodec.DeadLetters([letter])), 0);
        Assert.Equal([letter], builder.Current.Rejects);
        Assert.Equal(1, builder.Current.RejectedRecords);
    }

    [Theory]
    [InlineData(false, new byte[] { 1, 1 })]
    [InlineData(true, new byte[] { 1, 1 })]
    [InlineData(true, new byte[] { 7, 1, 0 })]
    public void Accept_ForeignOrBrokenMessage_DeadLetteredNotThrown(bool headers, byte[] value)
    {
        var decoder = new RepartitionDecoder(Input);
        var builder = Builder();
        var message = headers ? Message("aoai/0", 1, 0, value) : new Message<byte[]?, byte[]?> { Value = Encoding.UTF8.GetBytes("hello") };
        decoder.Accept(builder, message, 42);
        var letter = Assert.Single(builder.Current.Rejects);
        Assert.Equal((Input, 42L, RejectReason.Malformed), (letter.Input, letter.Position, letter.Reason));
        Assert.Equal(0, builder.Current.Events.Count);
    }

    private static BatchBuilder Builder() => new(Input, new InputOptions());

    private static Message<byte[]?, byte[]?> Punctuation(string source, long offset, long time, bool idle = false) =>
        Message(source, offset, time, EnvelopeCodec.Punctuation(idle, Topics));

    private static Message<byte[]?, byte[]?> Records(string source, long offset, long recordTime, long sourceTime) =>
        Message(source, offset, sourceTime, EnvelopeCodec.Records([TelemetryEvent.NewRequest(recordTime, Dims) with { Origin = offset }]));

    private static Message<byte[]?, byte[]?> Message(string source, long offset, long time, byte[] value) =>
        new() { Value = value, Headers = RepartitionHeaders.Create(source, offset, time) };
}
