using AiObsStream.Core.Events;
using AiObsStream.Kafka.ScaleOut;

namespace AiObsStream.Kafka.Tests.ScaleOut;

public sealed class EnvelopeCodecTests
{
    [Fact]
    public void Records_RoundTrip_EveryFieldAndInternedDims()
    {
        var dims = DimsPool.Shared.Intern(new DimsKey(TelemetrySource.DCGM, "chat-prod", "gpt-4o", "2024-08-06", "", "", "node-1", "GPU-1"));
        var request = TelemetryEvent.NewRequest(1_700_000_000_123, dims) with { Status = 429, LatencyMs = 812.5, DedupKey = 42, Origin = 7 };
        var sample = TelemetryEvent.NewSample(EventKind.GpuSample, 1_700_000_000_456, dims, DcgmFields.GpuUtil, 79) with { Detail = "79", Origin = 7 };
        var value = EnvelopeCodec.Records([request, sample]);

        Assert.Equal(EnvelopeKind.Records, EnvelopeCodec.KindOf(value));
        using var into = new EventBuffer(4);
        EnvelopeCodec.ReadRecords(value, into);
        Assert.Equal(2, into.Count);
        Assert.Equal(request, into.Span[0]);
        Assert.Same(dims, into.Span[1].Dims);
        Assert.Same(DcgmFields.GpuUtil, into.Span[1].Metric); // the engine's own instance, as a parser hands it out
        Assert.Equal(sample.Detail, into.Span[1].Detail);
        Assert.Equal(sample.Value, into.Span[1].Value);
    }

    [Fact]
    public void Punctuation_RoundTrip()
    {
        var value = EnvelopeCodec.Punctuation(idle: true, [("aoai", 8), ("dcgm", 2)]);
        var (idle, topics) = EnvelopeCodec.ReadPunctuation(value);
        Assert.True(idle);
        Assert.Equal([("aoai", 8), ("dcgm", 2)], topics);
    }

    [Fact]
    public void DeadLetters_RoundTrip()
    {
        var letter = new DeadLetter("aoai/3", 17, RejectReason.Malformed, "not JSON", -1, "{oops", 5);
        Assert.Equal([letter], EnvelopeCodec.ReadDeadLetters(EnvelopeCodec.DeadLetters([letter])));
    }

    [Theory]
    [InlineData(new byte[0], "no header")]
    [InlineData(new byte[] { 9, 1 }, "format version 9")]
    [InlineData(new byte[] { 1, 77 }, "unknown kind 77")]
    public void KindOf_ForeignBytes_ClearError(byte[] value, string expected)
    {
        var ex = Assert.Throws<InvalidDataException>(() => EnvelopeCodec.KindOf(value));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadRecords_Truncated_InvalidData()
    {
        var dims = DimsPool.Shared.Intern(new DimsKey(TelemetrySource.AzureOpenAI, "d", "", "", "", "", "", ""));
        var value = EnvelopeCodec.Records([TelemetryEvent.NewRequest(1, dims)]);
        using var into = new EventBuffer(4);
        Assert.Throws<InvalidDataException>(() => EnvelopeCodec.ReadRecords(value[..^5], into));
        Assert.Throws<InvalidDataException>(() => EnvelopeCodec.ReadPunctuation(value)); // the wrong kind
    }
}
