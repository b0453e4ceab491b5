using AiObsStream.Core.Events;
using AiObsStream.Formats.Json;

namespace AiObsStream.Formats.Tests.Json;

/// <summary>
/// Issue #10 §7: a field holding a value of the wrong JSON type (text that is not a number, an object, an array, a
/// nested array, a bool; a number or bool where a name belongs) is an <c>invalid_value</c> dead letter naming the key,
/// the type found and the type expected, in every JSON family and on both parse paths; the other records of the body
/// are unaffected. What real exports send stays accepted: numbers as strings, null and "" as absent, App Insights
/// Properties as strings, a SQL dependency's ResultCode (<see cref="TypeRules"/>).
/// </summary>
public class TypeErrorTests
{
    private const string LogLine = """{"timestamp":"2026-11-22T11:12:38.2045420Z","service":"inference-api","model_version":"2024-08-06","deployment":"chat-prod","request_id":"A-000001","status":200,"tokens_used":116,"prompt_tokens":65,"completion_tokens":51,"latency_ms":512.27,"ttft_ms":64.16,"queue_ms":0.14}""";

    private const string Aoai = """{"category":"RequestResponse","correlationId":"5c1d9a3e-7b2f-4e8a-9d6c-1f0e2a3b4c5d","durationMs":1021,"operationName":"ChatCompletions_Create","properties":{"apiName":"Azure OpenAI API version 2024-06-01","requestTime":638515262815394150,"responseTime":638515262825606520,"modelDeploymentName":"chat-prod","modelName":"gpt-4o","modelVersion":"2024-08-06","promptTokens":182,"completionTokens":41},"resourceId":"/SUBSCRIPTIONS/X/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.COGNITIVESERVICES/ACCOUNTS/OAI-1","resultSignature":"200","time":"2026-11-22T10:41:02.4350000Z"}""";

    private const string AppDependency = """{"time":"2026-11-22T10:41:03.1234567Z","resourceId":"/SUBSCRIPTIONS/X/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.INSIGHTS/COMPONENTS/CHAT-API","Type":"AppDependencies","Name":"chat gpt-4o","OperationId":"4bf92f3577b34da6a3ce929d0e0e4736","Id":"00f067aa0ba902b7","DurationMs":812.5,"Success":true,"ResultCode":"200","Properties":{"gen_ai.request.model":"gpt-4o","deployment":"chat-prod","gen_ai.usage.input_tokens":"182","gen_ai.usage.output_tokens":"41"}}""";

    private const string Metric = """{"count":3,"total":7104,"minimum":2004,"maximum":2800,"average":2368,"resourceId":"/SUBSCRIPTIONS/X/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.COGNITIVESERVICES/ACCOUNTS/OAI-1","time":"2026-11-22T10:41:00.0000000Z","metricName":"ProcessedPromptTokens","timeGrain":"PT1M"}""";

    private const string Other = """{"category":"RequestResponse","correlationId":"other","durationMs":5,"operationName":"ChatCompletions_Create","properties":{"modelDeploymentName":"d"},"resourceId":"/R","resultSignature":"200","time":"2026-11-22T10:41:03.0000000Z"}""";

    public static TheoryData<string> WrongNumbers => ["\"abc\"", "\"12 ms\"", "\"n/a\"", "{}", "{\"v\":5}", "[]", "[5]", "[[[5]]]", "true", "false"];

    // ---- structured log lines ----

    [Theory]
    [MemberData(nameof(WrongNumbers))]
    public void StructuredLog_NumberOfWrongType_InvalidValueNamingKey(string value)
    {
        foreach (var key in new[] { "latency_ms", "ttft_ms", "queue_ms", "prompt_tokens", "completion_tokens", "tokens_used", "status" })
        {
            var line = Replace(LogLine, key, value);

            var failure = LogReject(line);

            Assert.Equal(RejectReason.InvalidValue, failure.Reason);
            Assert.StartsWith(key + ": expected a number or a string holding one, found ", failure.Message, StringComparison.Ordinal);
            Assert.Contains(Found(value), failure.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("\"182\"", 182)]
    [InlineData("\"1.5e3\"", 1500)]
    [InlineData("\" 65 \"", 65)]
    [InlineData("65", 65)]
    public void StructuredLog_NumberAsString_Accepted(string value, double expected)
    {
        var e = LogAccept(Replace(LogLine, "prompt_tokens", value));

        Assert.Equal(expected, e.PromptTokens);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"\"")]
    [InlineData("\"   \"")]
    public void StructuredLog_NullOrBlank_Absent(string value)
    {
        var e = LogAccept(Replace(LogLine, "ttft_ms", value));

        Assert.True(double.IsNaN(e.TtftMs));
    }

    [Theory]
    [InlineData("deployment", "5", "a number 5")]
    [InlineData("deployment", "{\"a\":1}", "an object")]
    [InlineData("model_version", "[\"2024\"]", "an array")]
    [InlineData("service", "true", "a bool true")]
    public void StructuredLog_NameOfWrongType_InvalidValue(string key, string value, string found)
    {
        var failure = LogReject(Replace(LogLine, key, value));

        Assert.Equal(RejectReason.InvalidValue, failure.Reason);
        Assert.Equal(key + ": expected a string, found " + found, failure.Message);
    }

    [Fact]
    public void StructuredLog_DedupIdAsNumber_StillAccepted()
    {
        Assert.Equal(200, LogAccept(Replace(LogLine, "request_id", "12345")).Status);
    }

    // ---- Azure OpenAI RequestResponse ----

    [Theory]
    [MemberData(nameof(WrongNumbers))]
    public void Aoai_DurationOfWrongType_InvalidValueNotTicks(string value)
    {
        var reject = BodyReject(Replace(Aoai, "durationMs", value));

        Assert.StartsWith("records[0].durationMs: expected a number or a string holding one, found " + Found(value), reject.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("promptTokens", "{}")]
    [InlineData("completionTokens", "\"many\"")]
    [InlineData("requestTime", "\"yesterday\"")]
    [InlineData("responseTime", "[638515262825606520]")]
    [InlineData("requestTime", "true")]
    public void Aoai_PropertyNumberOfWrongType_InvalidValue(string key, string value)
    {
        var reject = BodyReject(Replace(Aoai, key, value));

        Assert.StartsWith("records[0]." + key + ": expected ", reject.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("true")]
    [InlineData("[200]")]
    public void Aoai_ResultSignatureOfWrongType_InvalidValue(string value)
    {
        var reject = BodyReject(Replace(Aoai, "resultSignature", value));

        Assert.StartsWith("records[0].resultSignature: expected a number", reject.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("modelDeploymentName", "5", "a number 5")]
    [InlineData("modelName", "false", "a bool false")]
    [InlineData("operationName", "{}", "an object")]
    [InlineData("category", "[\"RequestResponse\"]", "an array")]
    public void Aoai_NameOfWrongType_InvalidValue(string key, string value, string found)
    {
        var reject = BodyReject(Replace(Aoai, key, value));

        Assert.Equal("records[0]." + key + ": expected a string, found " + found, reject.Message);
    }

    [Theory]
    [InlineData("[1]", "an array")]
    [InlineData("5", "a number 5")]
    [InlineData("true", "a bool true")]
    public void Aoai_PropertiesOfWrongType_InvalidValue(string value, string found)
    {
        var record = Aoai[..Aoai.IndexOf("\"properties\":", StringComparison.Ordinal)] + "\"properties\":" + value
            + Aoai[(Aoai.IndexOf("},\"resourceId\"", StringComparison.Ordinal) + 1)..];

        var reject = BodyReject(record);

        Assert.Equal("records[0].properties: expected an object or a string holding a JSON object, found " + found, reject.Message);
    }

    [Fact]
    public void Aoai_PropertiesNull_Absent()
    {
        var record = Aoai[..Aoai.IndexOf("\"properties\":", StringComparison.Ordinal)] + "\"properties\":null"
            + Aoai[(Aoai.IndexOf("},\"resourceId\"", StringComparison.Ordinal) + 1)..];

        var e = BodyAccept(record);

        Assert.Equal(1021, e.LatencyMs);
        Assert.True(double.IsNaN(e.PromptTokens));
    }

    [Theory]
    [InlineData("\"1021\"")]
    [InlineData("\"1.021e3\"")]
    public void Aoai_DurationAsString_Accepted(string value)
    {
        Assert.Equal(1021, BodyAccept(Replace(Aoai, "durationMs", value)).LatencyMs);
    }

    // ---- App Insights ----

    [Theory]
    [MemberData(nameof(WrongNumbers))]
    public void AppInsights_DurationOfWrongType_InvalidValue(string value)
    {
        var reject = BodyReject(Replace(AppDependency, "DurationMs", value));

        Assert.StartsWith("records[0].DurationMs: expected a number or a string holding one, found " + Found(value), reject.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gen_ai.usage.input_tokens", "\"lots\"")]
    [InlineData("gen_ai.usage.output_tokens", "[41]")]
    [InlineData("Success", "\"maybe\"")]
    [InlineData("Success", "{}")]
    [InlineData("Success", "2")]
    public void AppInsights_FieldOfWrongType_InvalidValue(string key, string value)
    {
        var reject = BodyReject(Replace(AppDependency, key, value));

        Assert.StartsWith("records[0]." + key + ": expected ", reject.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Name", "5", "a number 5")]
    [InlineData("Type", "true", "a bool true")]
    [InlineData("deployment", "[\"chat-prod\"]", "an array")]
    public void AppInsights_NameOfWrongType_InvalidValue(string key, string value, string found)
    {
        var reject = BodyReject(Replace(AppDependency, key, value));

        Assert.Equal("records[0]." + key + ": expected a string, found " + found, reject.Message);
    }

    [Fact]
    public void AppInsights_PropertiesAsStrings_Accepted()
    {
        var e = BodyAccept(AppDependency);

        Assert.Equal(182, e.PromptTokens);
        Assert.Equal(41, e.CompletionTokens);
        Assert.True(e.Success);
    }

    [Theory]
    [InlineData("\"-2\"")] // SQL dependency: a SQL error number, not an HTTP status
    [InlineData("\"SqlException\"")]
    [InlineData("\"\"")]
    public void AppInsights_NonHttpResultCode_StillAccepted(string value)
    {
        var e = BodyAccept(Replace(AppDependency, "ResultCode", value));

        Assert.Equal(0, e.Status);
        Assert.True(e.Success); // from the Success column
    }

    [Theory]
    [InlineData("\"True\"")]
    [InlineData("\"false\"")]
    [InlineData("1")]
    [InlineData("null")]
    public void AppInsights_SuccessSpellings_Accepted(string value)
    {
        _ = BodyAccept(Replace(AppDependency, "Success", value));
    }

    // ---- AllMetrics ----

    [Theory]
    [MemberData(nameof(WrongNumbers))]
    public void AllMetrics_AggregateOfWrongType_InvalidValue(string value)
    {
        foreach (var key in new[] { "count", "total", "minimum", "maximum", "average" })
        {
            var reject = BodyReject(Replace(Metric, key, value));

            Assert.StartsWith("records[0]." + key + ": expected a number or a string holding one, found " + Found(value), reject.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("true", "a bool true")]
    [InlineData("5", "a number 5")]
    [InlineData("{\"value\":\"ProcessedPromptTokens\"}", "an object")]
    [InlineData("[\"ProcessedPromptTokens\"]", "an array")]
    public void AllMetrics_MetricNameOfWrongType_InvalidValueNotAMetric(string value, string found)
    {
        var reject = BodyReject(Replace(Metric, "metricName", value));

        Assert.Equal(RejectReason.InvalidValue, reject.Reason);
        Assert.Equal("records[0].metricName: expected a string, found " + found, reject.Message);
    }

    [Fact]
    public void AllMetrics_AggregatesAsStrings_Accepted()
    {
        var record = Replace(Replace(Metric, "count", "\"3\""), "total", "\"7104\"");

        var e = BodyAccept(record);

        Assert.Equal(3, e.Count);
        Assert.Equal(7104, e.Value);
    }

    // ---- helpers: every case runs on the fast and the exact path, which must agree ----

    /// <summary>Replaces the value of the first <c>"key":value</c> of <paramref name="record"/> (a scalar value).</summary>
    private static string Replace(string record, string key, string value)
    {
        var at = record.IndexOf("\"" + key + "\":", StringComparison.Ordinal);
        Assert.True(at >= 0, key);
        var start = at + key.Length + 3;
        var end = start;
        if (record[start] == '"')
        {
            end = record.IndexOf('"', start + 1) + 1;
        }
        else
        {
            while (record[end] is not (',' or '}'))
            {
                end++;
            }
        }

        return record[..start] + value + record[end..];
    }

    /// <summary>How a message describes <paramref name="value"/>.</summary>
    private static string Found(string value) => value[0] switch
    {
        '{' => "an object",
        '[' => "an array",
        '"' => "a string " + value,
        't' or 'f' => "a bool " + value,
        _ => "a number " + value,
    };

    private static ParseError LogReject(string line)
    {
        var outcomes = new List<ParseError>();
        foreach (var fast in new[] { true, false })
        {
            using var parser = new StructuredLogParser { UseFastPath = fast };
            var run = ParseRun.Of(parser, line);
            Assert.False(run.Accepted, line);
            Assert.Empty(run.Events);
            outcomes.Add(run.Failure);
        }

        Assert.Equal(outcomes[0], outcomes[1]);
        return outcomes[0];
    }

    private static TelemetryEvent LogAccept(string line)
    {
        var events = new List<TelemetryEvent>();
        foreach (var fast in new[] { true, false })
        {
            using var parser = new StructuredLogParser { UseFastPath = fast };
            events.Add(ParseRun.Of(parser, line).Single());
        }

        Assert.Equal(events[0], events[1]);
        return events[0];
    }

    /// <summary>The single reject of <paramref name="record"/> in a body between two good records, which stay accepted.</summary>
    private static ParseError BodyReject(string record)
    {
        var rejects = new List<ParseError>();
        foreach (var fast in new[] { true, false })
        {
            using var parser = new EventHubsBodyParser { UseFastPath = fast };
            var run = ParseRun.Of(parser, "{\"records\":[" + Other + "," + record + "," + Other.Replace("other", "other2", StringComparison.Ordinal) + "]}");
            Assert.True(run.Accepted, run.Failure.Message);
            Assert.Equal(2, run.Events.Length);
            var reject = Assert.Single(run.Rejects);
            Assert.Equal(RejectReason.InvalidValue, reject.Reason);
            Assert.Equal(1, reject.RecordIndex);
            rejects.Add(reject);
        }

        Assert.Equal(rejects[0], rejects[1]);
        return rejects[0] with { Message = rejects[0].Message.Replace("records[1]", "records[0]", StringComparison.Ordinal) };
    }

    private static TelemetryEvent BodyAccept(string record)
    {
        var events = new List<TelemetryEvent>();
        foreach (var fast in new[] { true, false })
        {
            using var parser = new EventHubsBodyParser { UseFastPath = fast };
            events.Add(ParseRun.Of(parser, "{\"records\":[" + record + "]}").Single());
        }

        Assert.Equal(events[0].LatencyMs, events[1].LatencyMs);
        Assert.Equal(events[0].PromptTokens, events[1].PromptTokens);
        Assert.Equal(events[0].Value, events[1].Value);
        return events[0];
    }
}
