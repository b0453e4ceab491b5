using AiObsStream.Core.Events;
using AiObsStream.Formats.Json;

namespace AiObsStream.Formats.Tests.Json;

/// <summary>
/// The content-filter signal of a call (issue #15 §1 "Content safety"), read from codes only, never from content.
/// Formats: a prompt rejected by the filter is HTTP 400 with <c>{"error":{"code":"content_filter","status":400}}</c> and a
/// completion cut by it is HTTP 200 with <c>finish_reason</c> <c>content_filter</c> (Microsoft Learn, "Azure OpenAI content
/// filtering"); OTel GenAI names them <c>error.type</c> and <c>gen_ai.response.finish_reasons</c> (string array), which App
/// Insights exports into the string-valued <c>Properties</c> of AppDependencies. The AOAI RequestResponse log carries
/// neither (formats.md §1.2 sample: apiName, requestTime, requestLength, responseTime, responseLength, objectId,
/// streamType, modelDeploymentName, modelName, modelVersion). Platform metrics: <c>RAIRejectedRequests</c> ("Blocked
/// Volume"), <c>RAIHarmfulRequests</c>, <c>RAITotalRequests</c> (Microsoft Learn, supported metrics for
/// Microsoft.CognitiveServices/accounts, category "Content Safety - Risks &amp; Safety", DS export yes).
/// </summary>
public class ContentFilterFieldsTests
{
    private static string Dependency(string status, string properties) =>
        "{\"time\":\"2026-11-22T11:12:38.2045420Z\",\"resourceId\":\"/R\",\"Type\":\"AppDependencies\",\"OperationId\":\"op1\",\"Id\":\"id1\","
        + "\"Name\":\"llm-inference\",\"Target\":\"aoai-prod-eastus2.openai.azure.com\",\"DependencyType\":\"HTTP\","
        + "\"Success\":" + (status == "200" ? "true" : "false") + ",\"ResultCode\":\"" + status + "\",\"DurationMs\":91.5,"
        + "\"Properties\":{\"deployment\":\"chat-prod\",\"model_version\":\"2024-08-06\"" + properties + "}}";

    private static ParseRun Parse(string record, bool fast = true)
    {
        using var parser = new EventHubsBodyParser { UseFastPath = fast };
        return ParseRun.Of(parser, "{\"records\":[" + record + "]}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ErrorTypeContentFilter_OnFailedDependency_PromptFiltered(bool fast)
    {
        var e = Parse(Dependency("400", ",\"error.type\":\"content_filter\""), fast).Single();

        Assert.Equal(MetricNames.ContentFilterPrompt, e.Metric);
        Assert.Equal(400, e.Status);
        Assert.False(e.Success);
    }

    [Theory]
    [InlineData("content_filter", true)]
    [InlineData("CONTENT_FILTER", true)]
    [InlineData("stop,content_filter", true)]
    [InlineData("[\\\"stop\\\",\\\"content_filter\\\"]", true)]
    [InlineData("content-filter", true)]
    [InlineData("stop", false)]
    [InlineData("length", false)]
    [InlineData("content_filtered", false)]
    [InlineData("no_content_filter", false)]
    [InlineData("", false)]
    public void FinishReasons_CompletionFilteredOnlyForTheWholeToken(string reasons, bool filtered)
    {
        foreach (var fast in new[] { true, false })
        {
            var e = Parse(Dependency("200", ",\"gen_ai.response.finish_reasons\":\"" + reasons + "\""), fast).Single();

            Assert.Equal(filtered ? MetricNames.ContentFilterCompletion : null, e.Metric);
        }
    }

    [Fact]
    public void OtherErrorType_NoSignal()
    {
        var e = Parse(Dependency("400", ",\"error.type\":\"400\"")).Single();

        Assert.Null(e.Metric);
    }

    [Fact]
    public void NoCodes_NoSignal()
    {
        var e = Parse(Dependency("200", string.Empty)).Single();

        Assert.Null(e.Metric);
    }

    [Theory]
    [InlineData(",\"error.type\":5")]
    [InlineData(",\"error.type\":null")]
    [InlineData(",\"gen_ai.response.finish_reasons\":[\"content_filter\"]")]
    [InlineData(",\"gen_ai.response.finish_reasons\":{\"a\":\"content_filter\"}")]
    public void CodesOfAnotherType_RecordKeptWithoutSignal(string properties)
    {
        // Codes are optional extras: a code of an unexpected JSON type does not cost the call itself (a real array, as
        // OTLP JSON would carry it, is not read: App Insights Properties are strings).
        foreach (var fast in new[] { true, false })
        {
            var e = Parse(Dependency("400", properties), fast).Single();

            Assert.Null(e.Metric);
            Assert.Equal(400, e.Status);
        }
    }

    [Fact]
    public void AzureOpenAILog400_CarriesNoCode_NoSignal()
    {
        // formats.md §1.2 shape with resultSignature 400: the log does not say why, so it is not counted as filtered.
        const string Record = """{"time":"2026-11-22T12:23:02.4350000Z","resourceId":"/SUBSCRIPTIONS/S/RESOURCEGROUPS/G/PROVIDERS/MICROSOFT.COGNITIVESERVICES/ACCOUNTS/A","category":"RequestResponse","operationName":"ChatCompletions_Create","resultSignature":"400","durationMs":102,"callerIpAddress":"10.20.13.***","correlationId":"9d3a6e98-fc11-48d0-82cf-4de065c1a1f8","properties":"{\"apiName\":\"Azure OpenAI API version 2024-10-21\",\"requestTime\":638481757794854611,\"requestLength\":2,\"responseTime\":638481757795877942,\"responseLength\":113,\"objectId\":\"\",\"streamType\":\"Non-Streaming\",\"modelDeploymentName\":\"chat-prod\",\"modelName\":\"gpt-4o\",\"modelVersion\":\"2024-08-06\"}"}""";

        var e = Parse(Record).Single();

        Assert.Equal(400, e.Status);
        Assert.Null(e.Metric);
    }

    [Theory]
    [InlineData("RAIRejectedRequests")]
    [InlineData("RAIHarmfulRequests")]
    [InlineData("RAITotalRequests")]
    public void ContentSafetyPlatformMetric_KeptAsAMetricPoint(string name)
    {
        var record = "{\"count\":4,\"total\":4,\"minimum\":1,\"maximum\":1,\"average\":1,\"resourceId\":\"/SUBSCRIPTIONS/S/RESOURCEGROUPS/G/PROVIDERS/MICROSOFT.COGNITIVESERVICES/ACCOUNTS/A\","
            + "\"time\":\"2026-11-22T10:41:00.0000000Z\",\"metricName\":\"" + name + "\",\"timeGrain\":\"PT1M\"}";

        var e = Parse(record).Single();

        Assert.Equal(EventKind.MetricPoint, e.Kind);
        Assert.Equal(name, e.Metric);
        Assert.Equal(4, e.Value);
        Assert.Equal(TelemetrySource.AzureMetrics, e.Dims.Source);
    }

    [Theory]
    [InlineData("{\"timestamp\":\"2026-11-22T10:00:00Z\",\"deployment\":\"chat-prod\",\"status\":400,\"latency_ms\":80,\"error_code\":\"content_filter\"}", MetricNames.ContentFilterPrompt)]
    [InlineData("{\"timestamp\":\"2026-11-22T10:00:00Z\",\"deployment\":\"chat-prod\",\"status\":200,\"latency_ms\":80,\"finish_reason\":\"content_filter\"}", MetricNames.ContentFilterCompletion)]
    [InlineData("{\"timestamp\":\"2026-11-22T10:00:00Z\",\"deployment\":\"chat-prod\",\"status\":200,\"latency_ms\":80,\"gen_ai.response.finish_reasons\":\"content_filter\"}", MetricNames.ContentFilterCompletion)]
    [InlineData("{\"timestamp\":\"2026-11-22T10:00:00Z\",\"deployment\":\"chat-prod\",\"status\":200,\"latency_ms\":80,\"finish_reason\":\"stop\"}", null)]
    [InlineData("{\"timestamp\":\"2026-11-22T10:00:00Z\",\"deployment\":\"chat-prod\",\"status\":200,\"latency_ms\":80,\"finish_reason\":[\"content_filter\"]}", null)]
    public void StructuredLog_ErrorCodeAndFinishReason(string line, string? expected)
    {
        using var parser = new StructuredLogParser();

        var e = ParseRun.Of(parser, line).Single();

        Assert.Equal(expected, e.Metric);
    }

    [Fact]
    public void Signal_NeverThrowsOnAnyBytes()
    {
        var random = new Random(15);
        var buffer = new byte[64];
        for (var i = 0; i < 2000; i++)
        {
            random.NextBytes(buffer);
            var n = random.Next(buffer.Length);
            var result = ContentFilterSignal.Of(buffer.AsSpan(0, n), buffer.AsSpan(n));
            Assert.True(result is null or MetricNames.ContentFilterPrompt or MetricNames.ContentFilterCompletion);
        }
    }
}
