using System.Text;
using AiObsStream.Core.Events;
using AiObsStream.Formats.Json;
using FsCheck;
using FsCheck.Fluent;

namespace AiObsStream.Formats.Tests.Json;

public class EventHubsBodyParserRejectTests
{
    private const string Good = """{"category":"RequestResponse","correlationId":"c1","durationMs":5,"operationName":"ChatCompletions_Create","properties":"{\"modelDeploymentName\":\"d\",\"requestTime\":638515262815394150,\"responseTime\":638515262825606520}","resourceId":"/R","resultSignature":"200","time":"2024-05-24T12:23:02.4350000Z"}""";

    private static ParseRun Parse(string json, int maxUnitBytes = EventHubsBodyParser.DefaultMaxUnitBytes)
    {
        using var parser = new EventHubsBodyParser { MaxUnitBytes = maxUnitBytes };
        return ParseRun.Of(parser, json);
    }

    [Theory]
    [InlineData("{\"records\":\"not-a-list\"}", "records: expected an array, found a string")]
    [InlineData("{\"records\":{}}", "records: expected an array, found an object")]
    [InlineData("{\"records\":null}", "records: expected an array, found null")]
    [InlineData("{\"value\":[]}", "records: missing")]
    [InlineData("42", "expected a JSON object {\"records\":[...]}, found a number")]
    [InlineData("[1]", "[0]: expected a body object")]
    public void TryParse_RecordsNotAnArray_RejectsUnknownShape(string json, string message)
    {
        var run = Parse(json);

        Assert.False(run.Accepted);
        Assert.Equal(RejectReason.UnknownShape, run.Failure.Reason);
        Assert.StartsWith(message, run.Failure.Message, StringComparison.Ordinal);
        Assert.Empty(run.Events);
    }

    [Fact]
    public void TryParse_BadSecondBodyOfArray_RollsBackFirst()
    {
        var run = Parse("[{\"records\":[" + Good + "]},{\"records\":\"x\"}]");

        Assert.False(run.Accepted);
        Assert.Empty(run.Events);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{\"records\":[")]
    [InlineData("{\"records\":[]} x")]
    [InlineData("{\"records\":[]}{}")]
    [InlineData("{records:[]}")]
    [InlineData("{\"records\":[{\"time\":NaN}]}")]
    public void TryParse_InvalidJson_RejectsMalformedWithOffset(string json)
    {
        var run = Parse(json);

        Assert.False(run.Accepted);
        Assert.Equal(RejectReason.Malformed, run.Failure.Reason);
        Assert.Contains("malformed JSON at byte ", run.Failure.Message, StringComparison.Ordinal);
        Assert.InRange(run.Failure.ByteOffset, 0, json.Length);
    }

    [Fact]
    public void TryParse_TruncatedAtEveryByte_RejectedWholeNeverThrows()
    {
        var body = Encoding.UTF8.GetBytes("{\"records\":[" + Good + "," + Good.Replace("c1", "c2", StringComparison.Ordinal) + "]}");
        using var parser = new EventHubsBodyParser();
        using var buffer = new EventBuffer(4);
        var rejects = new List<ParseError>();

        for (var cut = 0; cut < body.Length; cut++)
        {
            var ok = parser.TryParse(body.AsSpan(0, cut), buffer, rejects, out var failure);

            Assert.False(ok, $"accepted a body cut at {cut}");
            Assert.Equal(RejectReason.Malformed, failure.Reason);
            Assert.Equal(0, buffer.Count);
            Assert.Empty(rejects);
        }

        Assert.True(parser.TryParse(body, buffer, rejects, out _));
        Assert.Equal(2, buffer.Count);
    }

    [Fact]
    public void TryParse_UnknownCategory_RejectsRecordKeepsOthers()
    {
        var run = Parse("{\"records\":[" + Good + ",{\"category\":\"Trace\",\"time\":\"2024-05-24T12:23:02Z\"}," + Good + "]}");

        Assert.True(run.Accepted);
        Assert.Equal(2, run.Events.Length);
        var reject = Assert.Single(run.Rejects);
        Assert.Equal(RejectReason.UnknownShape, reject.Reason);
        Assert.Equal(1, reject.RecordIndex);
        Assert.Equal("records[1].category: unknown value \"Trace\"", reject.Message);
        Assert.True(reject.ByteOffset > 0);
    }

    [Theory]
    // AppMetrics was dead-lettered here before issue #10 §4: it is a known table now (skipped by table, AppInsightsTablesTests).
    [InlineData("{\"Type\":\"AppWidgets\",\"time\":\"2024-05-24T12:23:02Z\"}", RejectReason.UnknownShape, "records[0].Type: unknown App Insights table \"AppWidgets\"")]
    [InlineData("{\"Type\":\"Heartbeat\",\"time\":\"2024-05-24T12:23:02Z\"}", RejectReason.UnknownShape, "records[0].Type: unknown value \"Heartbeat\"")]
    [InlineData("{\"category\":\"Audit\"}", RejectReason.UnknownShape, "records[0].time: missing")]
    [InlineData("{\"category\":\"Audit\",\"time\":\"yesterday\"}", RejectReason.InvalidValue, "records[0].time: not an ISO-8601 timestamp: \"yesterday\"")]
    [InlineData("{\"foo\":1}", RejectReason.UnknownShape, "records[0].unknown record shape: no category, Type or metricName key")]
    [InlineData("[1,2]", RejectReason.UnknownShape, "records[0]: expected an object, found an array")]
    [InlineData("{\"metricName\":\"X\",\"total\":\"NaN\",\"time\":\"2024-05-24T12:23:02Z\"}", RejectReason.InvalidValue, "records[0].total: \"NaN\" is not a finite number in the plausible range -1E+18..1E+18")]
    [InlineData("{\"metricName\":\"X\",\"total\":\"abc\",\"time\":\"2024-05-24T12:23:02Z\"}", RejectReason.InvalidValue, "records[0].total: expected a number or a string holding one, found a string \"abc\"")]
    [InlineData("{\"category\":\"RequestResponse\",\"time\":\"2024-05-24T12:23:02Z\",\"properties\":\"{bad\"}", RejectReason.InvalidValue, "records[0].properties: the JSON string is not valid JSON at byte 1")]
    [InlineData("{\"Type\":\"AppTraces\",\"time\":\"2024-05-24T12:23:02Z\",\"Properties\":{\"gen_ai.evaluation.name\":\"g\",\"gen_ai.evaluation.score.value\":\"high\"}}", RejectReason.InvalidValue, "records[0].Properties.gen_ai.evaluation.score.value: expected a number or a string holding one, found a string \"high\"")]
    public void TryParse_BadRecord_RecordLevelReject(string record, RejectReason reason, string message)
    {
        var run = Parse("{\"records\":[" + record + "]}");

        Assert.True(run.Accepted, run.Failure.Message);
        Assert.Empty(run.Events);
        var reject = Assert.Single(run.Rejects);
        Assert.Equal(reason, reject.Reason);
        Assert.Equal(message, reject.Message);
    }

    // Issue #10 §7: "12abc" and {} were read as "absent" before; only null and a blank string mean absent now
    // (TypeRules), other values of the wrong type are dead-lettered (TypeErrorTests).
    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"  \"")]
    [InlineData("null")]
    public void TryParse_AbsentTokenNumbers_NaNNotReject(string value)
    {
        var record = "{\"category\":\"RequestResponse\",\"time\":\"2024-05-24T12:23:02Z\",\"resultSignature\":\"200\",\"durationMs\":3,\"properties\":{\"promptTokens\":" + value + "}}";

        var e = Parse("{\"records\":[" + record + "]}").Single();

        Assert.True(double.IsNaN(e.PromptTokens));
        Assert.Equal(3, e.LatencyMs);
    }

    // Issue #10 §7: these were read as "absent" (NaN) before; a number that does not fit, or an explicit NaN or
    // Infinity, is now an implausible value, dead-lettered with the field's range.
    [Theory]
    [InlineData("\"NaN\"")]
    [InlineData("\"Infinity\"")]
    [InlineData("1e400")]
    [InlineData("-5")]
    [InlineData("12.5")]
    [InlineData("100000001")]
    public void TryParse_ImplausibleTokens_RejectsInvalidValue(string value)
    {
        var record = "{\"category\":\"RequestResponse\",\"time\":\"2024-05-24T12:23:02Z\",\"resultSignature\":\"200\",\"durationMs\":3,\"properties\":{\"promptTokens\":" + value + "}}";

        var run = Parse("{\"records\":[" + record + "," + Good + "]}");

        Assert.True(run.Accepted);
        Assert.Single(run.Events);
        var reject = Assert.Single(run.Rejects);
        Assert.Equal(RejectReason.InvalidValue, reject.Reason);
        Assert.StartsWith("records[0].prompt_tokens: ", reject.Message, StringComparison.Ordinal);
        Assert.EndsWith("plausible range 0..100000000 (integer) tokens", reject.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_LargerThanMax_RejectsTooLarge()
    {
        var json = "{\"records\":[" + Good + "]}";

        var run = Parse(json, maxUnitBytes: 64);

        Assert.False(run.Accepted);
        Assert.Equal(RejectReason.TooLarge, run.Failure.Reason);
        Assert.Contains("larger than MaxUnitBytes (64)", run.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_DeepNesting_RejectedNotThrown()
    {
        var json = "{\"records\":[{\"x\":" + new string('[', 200) + new string(']', 200) + "}]}";

        var run = Parse(json);

        Assert.False(run.Accepted);
        Assert.Equal(RejectReason.Malformed, run.Failure.Reason);
    }

    [Fact]
    public void TryParse_RandomBytes_NeverThrows()
    {
        using var parser = new EventHubsBodyParser();
        using var logs = new StructuredLogParser();
        using var buffer = new EventBuffer(4);
        var rejects = new List<ParseError>();
        var seed = Encoding.UTF8.GetBytes("{\"records\":[" + Good + "]}");

        Prop.ForAll(ArbMap.Default.ArbFor<(byte[] Bytes, int Cut, int Flip)>(), input =>
        {
            // Mix pure noise with mutations of a real body (one byte changed, then cut), which reach deeper code.
            var mutated = (byte[])seed.Clone();
            mutated[Math.Abs(input.Flip % mutated.Length)] = input.Bytes.Length > 0 ? input.Bytes[0] : (byte)'"';
            var cut = mutated.AsSpan(0, Math.Abs(input.Cut % (mutated.Length + 1)));
            foreach (var unit in new[] { input.Bytes, cut.ToArray(), mutated })
            {
                buffer.Clear();
                rejects.Clear();
                var ok = parser.TryParse(unit, buffer, rejects, out var failure);
                Assert.True(ok || (buffer.Count == 0 && rejects.Count == 0 && failure.Message.Length > 0));
                buffer.Clear();
                ok = logs.TryParse(unit, buffer, rejects, out failure);
                Assert.True(ok || (buffer.Count == 0 && failure.Message.Length > 0));
            }
        }).QuickCheckThrowOnFailure();
    }
}
