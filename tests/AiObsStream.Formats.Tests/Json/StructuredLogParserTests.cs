using AiObsStream.Core.Events;
using AiObsStream.Formats.Json;

namespace AiObsStream.Formats.Tests.Json;

public class StructuredLogParserTests
{
    // requests.jsonl line 1, verbatim.
    private const string Line = """{"timestamp": "2026-11-22T11:12:38.2045420Z", "level": "INFO", "service": "inference-api", "model_version": "2024-08-06", "deployment": "chat-prod", "request_id": "A-000001", "status": 200, "tokens_used": 116, "prompt_tokens": 65, "completion_tokens": 51, "latency_ms": 512.27, "ttft_ms": 64.16, "queue_ms": 0.14}""";

    private static ParseRun Parse(string json)
    {
        using var parser = new StructuredLogParser();
        return ParseRun.Of(parser, json);
    }

    [Fact]
    public void TryParse_TraceLine_MapsAllFields()
    {
        var e = Parse(Line).Single();

        Assert.Equal(EventKind.Request, e.Kind);
        Assert.Equal(TelemetrySource.Log, e.Dims.Source);
        Assert.Equal(ParseRun.Ms(2026, 11, 22, 11, 12, 38, 204), e.TimeUnixMs);
        Assert.Equal("chat-prod", e.Dims.Deployment);
        Assert.Equal("2024-08-06", e.Dims.ModelVersion);
        Assert.Equal("inference-api", e.Dims.Resource);
        Assert.Equal(200, e.Status);
        Assert.True(e.Success);
        Assert.Equal(512.27, e.LatencyMs);
        Assert.Equal(64.16, e.TtftMs);
        Assert.Equal(0.14, e.QueueMs);
        Assert.Equal(65, e.PromptTokens);
        Assert.Equal(51, e.CompletionTokens);
        Assert.Equal(EventHubsBodyParser.Dedup(TelemetrySource.Log, "A-000001"u8, default), e.DedupKey);
    }

    [Fact]
    public void TryParse_Aliases_Mapped()
    {
        var e = Parse("""{"@timestamp":"2026-11-22T11:12:38Z","status_code":"429","duration_ms":"3.5","model_name":"gpt-4o","endpoint":"/chat","host":"node-1","tokens_used":100,"prompt_tokens":60}""").Single();

        Assert.Equal(429, e.Status);
        Assert.False(e.Success);
        Assert.Equal(3.5, e.LatencyMs);
        Assert.Equal("gpt-4o", e.Dims.ModelName);
        Assert.Equal("/chat", e.Dims.Operation);
        Assert.Equal("node-1", e.Dims.Host);
        Assert.Equal(40, e.CompletionTokens);
        Assert.Equal(0UL, e.DedupKey);
    }

    [Theory]
    [InlineData("""{"time":1700000000123,"status":200}""", 1700000000123)]
    [InlineData("""{"TimeGenerated":1700000000,"latency_ms":5}""", 1700000000000)]
    public void TryParse_NumericTime_UnixSecondsOrMs(string json, long expected)
    {
        Assert.Equal(expected, Parse(json).Single().TimeUnixMs);
    }

    [Theory]
    [InlineData("""{"level":"INFO","status":200}""", RejectReason.UnknownShape, "timestamp: missing")]
    [InlineData("""{"timestamp":"2026-11-22T11:12:38Z","level":"INFO"}""", RejectReason.UnknownShape, "status/latency_ms: neither")]
    [InlineData("""{"timestamp":"2026-11-22T11:12:38Z","status":"oops"}""", RejectReason.InvalidValue, "status: expected a number or a string holding one, found a string \"oops\"")]
    [InlineData("""{"timestamp":"2026-11-22T11:12:38Z","status":null,"latency_ms":""}""", RejectReason.UnknownShape, "status/latency_ms: neither")]
    [InlineData("""{"timestamp":"soon","status":200}""", RejectReason.InvalidValue, "timestamp: not an ISO-8601")]
    [InlineData("""[1]""", RejectReason.UnknownShape, "expected a JSON object per line, found an array")]
    [InlineData("""{"timestamp":"2026-11-22T11:12:38Z","status":200""", RejectReason.Malformed, "malformed JSON at byte")]
    [InlineData("""{"timestamp":"2026-11-22T11:12:38Z","status":200} {}""", RejectReason.Malformed, "malformed JSON at byte")]
    public void TryParse_BadLine_RejectedWithSpecificMessage(string json, RejectReason reason, string message)
    {
        var run = Parse(json);

        Assert.False(run.Accepted);
        Assert.Empty(run.Events);
        Assert.Equal(reason, run.Failure.Reason);
        Assert.StartsWith(message, run.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_TruncatedAtEveryByte_NeverAccepted()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(Line);
        using var parser = new StructuredLogParser();
        using var buffer = new EventBuffer(4);
        var rejects = new List<ParseError>();

        for (var cut = 0; cut < bytes.Length; cut++)
        {
            Assert.False(parser.TryParse(bytes.AsSpan(0, cut), buffer, rejects, out var failure));
            Assert.Equal(RejectReason.Malformed, failure.Reason);
        }

        Assert.Equal(0, buffer.Count);
    }
}
