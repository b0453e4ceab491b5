using System.Text;
using AiObsStream.Core.Events;
using AiObsStream.Formats.Json;

namespace AiObsStream.Formats.Tests.Json;

/// <summary>
/// Issue #10 §7: hostile bytes inside JSON (invalid UTF-8, lone surrogate escapes, NUL, deep nesting, overflowing
/// numbers, NaN, multi-MB strings, truncation) are dead letters of their record or body, with a specific message, on
/// both the fast path and the exact path; they never throw and never lose the records around them.
/// </summary>
public class HostileJsonTests
{
    private const string Good = """{"category":"RequestResponse","correlationId":"c1","durationMs":5,"operationName":"ChatCompletions_Create","properties":"{\"modelDeploymentName\":\"d\",\"requestTime\":638515262815394150,\"responseTime\":638515262825606520}","resourceId":"/R","resultSignature":"200","time":"2024-05-24T12:23:02.4350000Z"}""";

    private const string NoTicks = """{"category":"RequestResponse","correlationId":"c2","durationMs":5,"operationName":"ChatCompletions_Create","properties":{"modelDeploymentName":"d"},"resourceId":"/R","resultSignature":"200","time":"2024-05-24T12:23:02.4350000Z"}""";

    public static TheoryData<bool> Paths => new() { true, false };

    private static byte[] Body(params string[] records) => Encoding.UTF8.GetBytes("{\"records\":[" + string.Join(',', records) + "]}");

    /// <summary>The bytes of <paramref name="body"/> with the first <paramref name="marker"/> replaced by raw bytes.</summary>
    private static byte[] Inject(byte[] body, string marker, params byte[] bytes)
    {
        var m = Encoding.UTF8.GetBytes(marker);
        var i = body.AsSpan().IndexOf(m);
        Assert.True(i >= 0, marker);
        return [.. body[..i], .. bytes, .. body[(i + m.Length)..]];
    }

    private static ParseRun Parse(byte[] unit, bool fast)
    {
        using var parser = new EventHubsBodyParser { UseFastPath = fast };
        return ParseRun.Of(parser, unit);
    }

    [Theory]
    [InlineData("c1", new byte[] { 0x63, 0xFF })] // a raw string value
    [InlineData("ChatCompletions_Create", new byte[] { 0x43, 0xC3 })] // truncated 2-byte sequence in a dimension
    [InlineData("2024-05-24T12", new byte[] { 0xED, 0xA0, 0x80 })] // an encoded surrogate (invalid in UTF-8)
    [InlineData("\"category\"", new byte[] { 0x22, 0x5C, 0x75, 0x30, 0x30, 0x36, 0x33, 0xFF, 0x22 })] // escaped key
    [InlineData("\\\"d\\\"", new byte[] { 0x5C, 0x22, 0xC0, 0xAF, 0x5C, 0x22 })] // overlong, inside the properties string
    public void TryParse_InvalidUtf8InRecord_RecordDeadLetteredNextKept_BothPaths(string marker, byte[] bytes)
    {
        foreach (var fast in new[] { true, false })
        {
            var unit = Inject(Body(Good, Good), marker, bytes);

            var run = Parse(unit, fast);

            Assert.True(run.Accepted, run.Failure.Message);
            Assert.Single(run.Events); // the second record survives
            var reject = Assert.Single(run.Rejects);
            Assert.Equal(RejectReason.Malformed, reject.Reason);
            Assert.Equal(0, reject.RecordIndex);
            Assert.StartsWith("records[0]: invalid UTF-8 at byte ", reject.Message, StringComparison.Ordinal);
            Assert.InRange(reject.ByteOffset, 12, unit.Length);
            Assert.True(unit[reject.ByteOffset] >= 0x80, "the offset points at the bad byte");
        }
    }

    [Theory]
    [InlineData("\"c1\"", "\"\\ud800\"")] // a lone high surrogate: the reader throws when it transcodes
    [InlineData("\"c1\"", "\"\\udc00x\"")] // a lone low surrogate
    [InlineData("\"correlationId\"", "\"\\ud800\"")] // in a key
    [InlineData("\"ChatCompletions_Create\"", "\"a\\ud83dz\"")] // high surrogate followed by a letter
    public void TryParse_LoneSurrogateEscape_RecordDeadLetteredNextKept(string marker, string replacement)
    {
        foreach (var fast in new[] { true, false })
        {
            var unit = Encoding.UTF8.GetBytes("{\"records\":[" + Good.Replace(marker, replacement, StringComparison.Ordinal) + "," + Good + "]}");

            var run = Parse(unit, fast);

            Assert.True(run.Accepted, run.Failure.Message);
            Assert.Single(run.Events);
            var reject = Assert.Single(run.Rejects);
            Assert.Equal(RejectReason.Malformed, reject.Reason);
            Assert.StartsWith("records[0]: a string does not decode to valid Unicode", reject.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TryParse_InvalidUtf8InOneBody_LaterBodiesParsed()
    {
        // The issue's reproduction: one bad byte used to end the whole input with InvalidOperationException.
        using var parser = new EventHubsBodyParser();
        var bad = Inject(Body(Good.Replace("\"c1\"", "\"\\u0063\"", StringComparison.Ordinal)), "\\u0063", 0x5C, 0x75, 0x30, 0x30, 0x36, 0x33, 0xFF);
        var runs = new[] { ParseRun.Of(parser, bad), ParseRun.Of(parser, Body(Good)), ParseRun.Of(parser, Body(NoTicks)) };

        Assert.All(runs, r => Assert.True(r.Accepted));
        Assert.Single(runs[0].Rejects);
        Assert.Single(runs[1].Events);
        Assert.Single(runs[2].Events);
    }

    [Theory]
    [InlineData("\"durationMs\":5", "\"durationMs\":32" + "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "records[0].durationMs: 3.2E+221 is outside the plausible range 0..86400000 ms")]
    [InlineData("\"durationMs\":5", "\"durationMs\":\"Infinity\"", "records[0].durationMs: \"Infinity\" is not a finite number in the plausible range 0..86400000 ms")]
    [InlineData("\"durationMs\":5", "\"durationMs\":86400001", "records[0].durationMs: 86400001 is outside the plausible range 0..86400000 ms")]
    [InlineData("\"resultSignature\":\"200\"", "\"resultSignature\":\"2000\"", "records[0].status: 2000 is outside the plausible range 100..599 (integer)")]
    [InlineData("\"resultSignature\":\"200\"", "\"resultSignature\":99", "records[0].status: 99 is outside the plausible range 100..599 (integer)")]
    [InlineData("\"modelDeploymentName\":\"d\"", "\"modelDeploymentName\":\"d\",\"ttft_ms\":-1", "records[0].ttft_ms: -1 is outside the plausible range 0..86400000 ms")]
    [InlineData("\"modelDeploymentName\":\"d\"", "\"modelDeploymentName\":\"d\",\"queue_ms\":1e300", "records[0].queue_ms: 1E+300 is outside the plausible range 0..86400000 ms")]
    [InlineData("\"modelDeploymentName\":\"d\"", "\"modelDeploymentName\":\"d\",\"completionTokens\":\"7e9\"", "records[0].completion_tokens: 7000000000 is outside the plausible range 0..100000000 (integer) tokens")]
    public void TryParse_ImplausibleRequestValue_InvalidValueDeadLetter(string from, string to, string message)
    {
        foreach (var fast in new[] { true, false })
        {
            var run = Parse(Body(NoTicks.Replace(from, to, StringComparison.Ordinal), Good), fast);

            Assert.True(run.Accepted, run.Failure.Message);
            Assert.Single(run.Events);
            var reject = Assert.Single(run.Rejects);
            Assert.Equal(RejectReason.InvalidValue, reject.Reason);
            Assert.Equal(message, reject.Message);
        }
    }

    [Fact]
    public void TryParse_StatusZero_AcceptedAsNoResponse()
    {
        var e = Parse(Body(NoTicks.Replace("\"resultSignature\":\"200\"", "\"resultSignature\":\"0\"", StringComparison.Ordinal)), false).Single();

        Assert.Equal(0, e.Status);
        Assert.False(e.Success);
    }

    [Fact]
    public void TryParse_TicksGivingImplausibleLatency_InvalidValue()
    {
        var record = """{"category":"RequestResponse","durationMs":-1,"properties":{"requestTime":638515262815394150,"responseTime":648515262825606520},"resultSignature":"200","time":"2024-05-24T12:23:02Z"}""";

        var run = Parse(Body(record), true);

        var reject = Assert.Single(run.Rejects);
        Assert.Equal(RejectReason.InvalidValue, reject.Reason);
        Assert.StartsWith("records[0].durationMs: (responseTime - requestTime) is ", reject.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"count":5,"total":1e300,"minimum":1,"maximum":1,"average":1,"resourceId":"/R","time":"2023-12-12T12:11:00.0000000Z","metricName":"Availability"}""", "records[0].total: 1E+300 is outside the plausible range -1E+18..1E+18")]
    [InlineData("""{"count":-5,"total":1,"resourceId":"/R","time":"2023-12-12T12:11:00.0000000Z","metricName":"Availability"}""", "records[0].count: -5 is outside the plausible range 0..1000000000000000")]
    [InlineData("""{"Type":"AppTraces","time":"2024-05-24T12:23:02Z","Properties":{"gen_ai.evaluation.name":"g","gen_ai.evaluation.score.value":4e30}}""", "records[0].gen_ai.evaluation.score.value: 4E+30 is outside the plausible range -1000000..1000000")]
    [InlineData("""{"Type":"AppRequests","time":"2024-05-24T12:23:02Z","DurationMs":-3,"Success":true}""", "records[0].durationMs: -3 is outside the plausible range 0..86400000 ms")]
    public void TryParse_ImplausibleOtherValue_InvalidValueDeadLetter(string record, string message)
    {
        foreach (var fast in new[] { true, false })
        {
            var run = Parse(Body(record), fast);

            var reject = Assert.Single(run.Rejects);
            Assert.Equal(RejectReason.InvalidValue, reject.Reason);
            Assert.Equal(message, reject.Message);
            Assert.Empty(run.Events);
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void TryParse_DeepNesting_BodyMalformedWithDepthMessage(bool fast)
    {
        var deep = NoTicks.Replace("\"durationMs\":5", "\"x\":" + new string('[', 5000) + new string(']', 5000) + ",\"durationMs\":5", StringComparison.Ordinal);

        var run = Parse(Body(deep, Good), fast);

        Assert.False(run.Accepted);
        Assert.Equal(RejectReason.Malformed, run.Failure.Reason);
        Assert.Contains("maximum configured depth", run.Failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void TryParse_NulAndControlBytes_BodyMalformed(bool fast)
    {
        foreach (var b in new byte[] { 0x00, 0x01, 0x1F, 0x0A })
        {
            var run = Parse(Inject(Body(Good), "c1", 0x63, b), fast);

            Assert.False(run.Accepted);
            Assert.Equal(RejectReason.Malformed, run.Failure.Reason);
            Assert.Contains("invalid within a JSON string", run.Failure.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void TryParse_MultiMegabyteString_Accepted(bool fast)
    {
        var run = Parse(Body(NoTicks.Replace("\"c2\"", "\"" + new string('x', 3_000_000) + "\"", StringComparison.Ordinal)), fast);

        Assert.Equal(5, run.Single().LatencyMs);
    }

    [Fact]
    public void StructuredLog_InvalidUtf8_LineMalformedWithOffset()
    {
        using var parser = new StructuredLogParser();
        var line = Encoding.UTF8.GetBytes("""{"timestamp":"2026-11-22T11:12:38Z","status":200,"deployment":"chat-prod"}""");
        line = Inject(line, "chat-prod", 0x63, 0xFE);

        var run = ParseRun.Of(parser, line);

        Assert.False(run.Accepted);
        Assert.Equal(RejectReason.Malformed, run.Failure.Reason);
        Assert.StartsWith("invalid UTF-8 at byte ", run.Failure.Message, StringComparison.Ordinal);
        Assert.Equal(0xFE, line[run.Failure.ByteOffset]);
    }

    [Theory]
    [InlineData("""{"timestamp":"2026-11-22T11:12:38Z","status":"\ud800"}""", RejectReason.Malformed, "a string does not decode")]
    [InlineData("""{"timestamp":"2026-11-22T11:12:38Z","status":200,"latency_ms":1e400}""", RejectReason.InvalidValue, "durationMs: 1e400 is not a finite number")]
    [InlineData("""{"timestamp":"2026-11-22T11:12:38Z","status":200,"latency_ms":-4}""", RejectReason.InvalidValue, "durationMs: -4 is outside")]
    [InlineData("""{"timestamp":"2026-11-22T11:12:38Z","status":700}""", RejectReason.InvalidValue, "status: 700 is outside")]
    [InlineData("""{"timestamp":"2026-11-22T11:12:38Z","status":200,"tokens_used":"NaN"}""", RejectReason.InvalidValue, "tokens_used: \"NaN\" is not a finite number")]
    public void StructuredLog_HostileValues_DeadLettered(string json, RejectReason reason, string message)
    {
        foreach (var fast in new[] { true, false })
        {
            using var parser = new StructuredLogParser { UseFastPath = fast };

            var run = ParseRun.Of(parser, json);

            Assert.False(run.Accepted);
            Assert.Equal(reason, run.Failure.Reason);
            Assert.Contains(message, run.Failure.Message, StringComparison.Ordinal);
        }
    }
}
