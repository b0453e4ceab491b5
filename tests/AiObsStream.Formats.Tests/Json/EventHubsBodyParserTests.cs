using AiObsStream.Core.Events;
using AiObsStream.Formats.Json;

namespace AiObsStream.Formats.Tests.Json;

public class EventHubsBodyParserTests
{
    // formats.md §1.2, verbatim (Elastic fixture): properties as a JSON-encoded string, no model fields.
    private const string CreateThread = """{"Tenant":"eastus","callerIpAddress":"81.2.69.***","category":"RequestResponse","correlationId":"9d3a6e98-fc11-48d0-82cf-4de065c1a1f8","durationMs":102,"event":"ShoeboxCallResult","location":"eastus","operationName":"Create_Thread","properties":"{\"apiName\":\"Azure OpenAI API version 2024-02-15-preview\",\"requestTime\":638481757794854611,\"requestLength\":2,\"responseTime\":638481757795877942,\"responseLength\":113,\"objectId\":\"\"}","resourceId":"/SUBSCRIPTIONS/12CABCB4-86E8-404F-A3D2-1DC9982F45CA/RESOURCEGROUPS/OBS-OPENAI-SERVICE-RS/PROVIDERS/MICROSOFT.COGNITIVESERVICES/ACCOUNTS/OBS-OPENAI-TEST-01","resultSignature":"200","time":"2024-04-08T12:23:02.4350000Z"}""";

    // formats.md §1.2, verbatim: chat completions with properties as an object.
    private const string ChatCompletions = """{"Tenant":"eastus","callerIpAddress":"81.2.69.***","category":"RequestResponse","correlationId":"d427a391-2bc7-4f38-9cbc-6560600e0981","durationMs":1021,"event":"ShoeboxCallResult","location":"eastus","operationName":"ChatCompletions_Create","properties":{"apiName":"Azure OpenAI API version 2023-07-01-preview","requestTime":638515262815394150,"requestLength":128,"responseTime":638515262825606520,"responseLength":1411,"objectId":"","streamType":"Non-Streaming","modelDeploymentName":"gpt-chat-pilot","modelName":"gpt-35-turbo","modelVersion":"0301"},"resourceId":"/SUBSCRIPTIONS/12CABCB4-.../ACCOUNTS/OBS-OPENAI-TEST-01","resultSignature":"200","time":"2024-05-24T12:23:02.4350000Z"}""";

    // formats.md §1.2, verbatim audit record.
    private const string Audit = """{"AssetIdentity":"07628fea-67bb-424d-b160-fdc46c82d0b4","Tenant":"eastus","category":"Audit","operationName":"ListKey","properties":{"objectId":"b610ab05-ce06-4cc1-a6dd-174b9f80468a"},"resourceId":"/SUBSCRIPTIONS/12CABCB4-86E8-404F-A3D2-1DC9982F45CA/RESOURCEGROUPS/OBS-OPENAI-SERVICE-RS/PROVIDERS/MICROSOFT.COGNITIVESERVICES/ACCOUNTS/OBS-OPENAI-TEST-01","time":"2024-04-17T06:03:30.0000000Z"}""";

    // formats.md §1.4, verbatim structure from the New Relic test data.
    private const string AppRequest = """{"records":[{"time":"2021-04-29T22:41:14.1238381Z","resourceId":"/SUBSCRIPTIONS/<sub>/RESOURCEGROUPS/<rg>/PROVIDERS/MICROSOFT.INSIGHTS/COMPONENTS/<app>","ResourceGUID":"<guid>","Type":"AppRequests","AppRoleInstance":"<instance>","AppRoleName":"<role>","ClientCity":"Portland","ClientCountryOrRegion":"United States","ClientIP":"0.0.0.0","ClientStateOrProvince":"Oregon","ClientType":"PC","IKey":"<ikey>","_BilledSize":1082,"OperationName":"<fn>","OperationId":"<32hex>","ParentId":"<16hex>","SDKVersion":"azurefunctions: 3.0.15571.0","Properties":{"LogLevel":"Information","HttpPath":"/api/<fn>","FunctionExecutionTimeMs":"4.7239","Category":"Host.Results","HttpMethod":"GET"},"Id":"09d760d34d75e847","Name":"<fn>","Url":"https://<app>.azurewebsites.net/api/<fn>","Success":true,"ResultCode":"200","DurationMs":9.1593,"PerformanceBucket":"<250ms","ItemCount":1}]}""";

    // formats.md §1.3, verbatim AllMetrics event (first two records).
    private const string AllMetrics = """
        {"records":[
         {"count":37,"total":37,"minimum":1,"maximum":1,"average":1,"resourceId":"/SUBSCRIPTIONS/3F2C6A7E-1B2D-4C5E-9F10-2A3B4C5D6E7F/RESOURCEGROUPS/RG-AI-PROD/PROVIDERS/MICROSOFT.COGNITIVESERVICES/ACCOUNTS/AOAI-PROD-EUS2","time":"2026-11-22T10:41:00.0000000Z","metricName":"AzureOpenAIRequests","timeGrain":"PT1M"},
         {"count":12,"total":5318.0,"minimum":188.0,"maximum":1204.0,"average":443.1666666666667,"resourceId":"/SUBSCRIPTIONS/.../ACCOUNTS/AOAI-PROD-EUS2","time":"2026-11-22T10:41:00.0000000Z","metricName":"AzureOpenAITimeToResponse","timeGrain":"PT1M"}
        ]}
        """;

    private static ParseRun Parse(string json)
    {
        using var parser = new EventHubsBodyParser();
        return ParseRun.Of(parser, json);
    }

    private static string Body(params string[] records) => "{\"records\":[" + string.Join(",", records) + "]}";

    [Fact]
    public void TryParse_RequestResponseWithStringProperties_MapsRequest()
    {
        var e = Parse(Body(CreateThread)).Single();

        Assert.Equal(EventKind.Request, e.Kind);
        Assert.Equal(TelemetrySource.AzureOpenAI, e.Dims.Source);
        Assert.Equal(ParseRun.Ms(2024, 4, 8, 12, 23, 2, 435), e.TimeUnixMs);
        Assert.Equal(200, e.Status);
        Assert.True(e.Success);
        Assert.Equal(102, e.LatencyMs);
        Assert.Equal("Create_Thread", e.Dims.Operation);
        Assert.Equal("", e.Dims.Deployment);
        Assert.Equal("", e.Dims.Host);
        Assert.StartsWith("/SUBSCRIPTIONS/12CABCB4", e.Dims.Resource, StringComparison.Ordinal);
        Assert.True(double.IsNaN(e.PromptTokens));
        Assert.True(double.IsNaN(e.CompletionTokens));
        Assert.Equal(EventHubsBodyParser.Dedup(TelemetrySource.AzureOpenAI, "9d3a6e98-fc11-48d0-82cf-4de065c1a1f8"u8, default), e.DedupKey);
        Assert.NotEqual(0UL, e.DedupKey);
    }

    [Fact]
    public void TryParse_RequestResponseWithObjectProperties_MapsModelDims()
    {
        var e = Parse(Body(ChatCompletions)).Single();

        Assert.Equal("gpt-chat-pilot", e.Dims.Deployment);
        Assert.Equal("gpt-35-turbo", e.Dims.ModelName);
        Assert.Equal("0301", e.Dims.ModelVersion);
        Assert.Equal("ChatCompletions_Create", e.Dims.Operation);
        Assert.Equal(1021, e.LatencyMs);
        Assert.Equal(ParseRun.Ms(2024, 5, 24, 12, 23, 2, 435), e.TimeUnixMs);
    }

    [Theory]
    [InlineData("-1021")]
    [InlineData("\"-1021\"")]
    [InlineData("\"\"")]
    [InlineData("null")]
    public void TryParse_BadDurationMs_FallsBackToTicks(string duration)
    {
        var record = ChatCompletions.Replace("\"durationMs\":1021", "\"durationMs\":" + duration, StringComparison.Ordinal);

        var e = Parse(Body(record)).Single();

        Assert.Equal((638515262825606520 - 638515262815394150) / 10000.0, e.LatencyMs, 9);
    }

    [Fact]
    public void TryParse_MissingDurationAndTicks_LatencyNaN()
    {
        var record = """{"category":"RequestResponse","time":"2024-04-08T12:23:02Z","resultSignature":"200","properties":{}}""";

        var e = Parse(Body(record)).Single();

        Assert.True(double.IsNaN(e.LatencyMs));
    }

    [Fact]
    public void TryParse_DurationAsString_Parsed()
    {
        var record = CreateThread.Replace("\"durationMs\":102", "\"durationMs\":\"16\"", StringComparison.Ordinal);

        Assert.Equal(16, Parse(Body(record)).Single().LatencyMs);
    }

    [Fact]
    public void TryParse_StringAndObjectProperties_SameResult()
    {
        var asObject = ChatCompletions;
        var start = asObject.IndexOf("{\"apiName\"", StringComparison.Ordinal);
        var end = asObject.IndexOf('}', start) + 1;
        var inner = asObject[start..end];
        var asString = asObject[..start] + "\"" + inner.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"" + asObject[end..];

        var a = Parse(Body(asObject)).Single();
        var b = Parse(Body(asString)).Single();

        Assert.Same(a.Dims, b.Dims);
        Assert.Equal(a.LatencyMs, b.LatencyMs);
        Assert.Equal(a.TimeUnixMs, b.TimeUnixMs);
    }

    [Fact]
    public void TryParse_TokensInProperties_Mapped()
    {
        var record = """{"category":"RequestResponse","time":"2026-11-22T11:12:38.2045420Z","resultSignature":"429","durationMs":3,"properties":"{\"promptTokens\":\"65\",\"completionTokens\":51}"}""";

        var e = Parse(Body(record)).Single();

        Assert.Equal(65, e.PromptTokens);
        Assert.Equal(51, e.CompletionTokens);
        Assert.Equal(429, e.Status);
        Assert.False(e.Success);
        Assert.Equal(ParseRun.Ms(2026, 11, 22, 11, 12, 38, 204), e.TimeUnixMs);
    }

    [Fact]
    public void TryParse_UpperCaseKeys_MatchedCaseInsensitively()
    {
        var record = """{"Category":"requestresponse","TIME":"2024-04-08T12:23:02.4350000Z","ResultSignature":"200","DurationMS":5,"Level":"Informational","Properties":{"ModelDeploymentName":"d1"}}""";

        var e = Parse("{\"Records\":[" + record + "]}").Single();

        Assert.Equal("d1", e.Dims.Deployment);
        Assert.Equal(5, e.LatencyMs);
    }

    [Fact]
    public void TryParse_Audit_MapsAuditEvent()
    {
        var e = Parse(Body(Audit)).Single();

        Assert.Equal(EventKind.Audit, e.Kind);
        Assert.Equal(MetricNames.AuditEvents, e.Metric);
        Assert.Equal(1, e.Value);
        Assert.Equal("ListKey", e.Dims.Operation);
        Assert.Equal(ParseRun.Ms(2024, 4, 17, 6, 3, 30, 0), e.TimeUnixMs);
    }

    [Fact]
    public void TryParse_AppRequestsVerbatim_MapsAppInsightsRequest()
    {
        var e = Parse(AppRequest).Single();

        Assert.Equal(TelemetrySource.AppInsights, e.Dims.Source);
        Assert.Equal(EventKind.Request, e.Kind);
        Assert.Equal("<fn>", e.Dims.Operation);
        Assert.Equal(200, e.Status);
        Assert.True(e.Success);
        Assert.Equal(9.1593, e.LatencyMs);
        Assert.Equal(ParseRun.Ms(2021, 4, 29, 22, 41, 14, 123), e.TimeUnixMs);
        Assert.Equal(EventHubsBodyParser.Dedup(TelemetrySource.AppInsights, "<32hex>"u8, "09d760d34d75e847"u8), e.DedupKey);
    }

    [Fact]
    public void TryParse_AppDependenciesWithAliases_MapsDimsAndNumbers()
    {
        var record = """{"time":"2026-11-22T11:12:38.2045420Z","resourceId":"/R","Type":"AppDependencies","OperationId":"op1","Id":"id1","Name":"llm-inference","Success":false,"ResultCode":"Faulted","DurationMs":512.27,"Properties":{"Deployment_Name":"chat-prod","gen_ai.response.model_version":"2024-08-06","model":"gpt-4o-mini","gen_ai.request.model":"gpt-4o","gen_ai.usage.input_tokens":"65","completion_tokens":"51","ttft_ms":"64.16","queue_ms":"0.14"}}""";

        var e = Parse(Body(record)).Single();

        Assert.Equal("chat-prod", e.Dims.Deployment);
        Assert.Equal("2024-08-06", e.Dims.ModelVersion);
        Assert.Equal("gpt-4o", e.Dims.ModelName); // gen_ai.request.model outranks model, whatever the order
        Assert.Equal("llm-inference", e.Dims.Operation);
        Assert.Equal(0, e.Status);
        Assert.False(e.Success);
        Assert.Equal(65, e.PromptTokens);
        Assert.Equal(51, e.CompletionTokens);
        Assert.Equal(64.16, e.TtftMs);
        Assert.Equal(0.14, e.QueueMs);
    }

    [Fact]
    public void TryParse_AppTracesEvaluation_MapsEvaluation()
    {
        var record = """{"time":"2026-11-22T11:12:39Z","Type":"AppTraces","OperationId":"op9","OperationName":"chat","Message":"eval","Properties":{"gen_ai.evaluation.name":"groundedness","gen_ai.evaluation.score.value":"0.75","deployment":"chat-prod"}}""";

        var e = Parse(Body(record)).Single();

        Assert.Equal(EventKind.Evaluation, e.Kind);
        Assert.Equal("groundedness", e.Metric);
        Assert.Equal(0.75, e.Value);
        Assert.Equal("chat-prod", e.Dims.Deployment);
        Assert.Equal("chat", e.Dims.Operation);
    }

    [Fact]
    public void TryParse_PlainAppTraces_IgnoredAndCounted()
    {
        using var parser = new EventHubsBodyParser();
        var record = """{"time":"2026-11-22T11:12:39Z","Type":"AppTraces","Message":"hello","SeverityLevel":1,"Properties":{"a":"b"}}""";

        var run = ParseRun.Of(parser, Body(record, record));

        Assert.True(run.Accepted);
        Assert.Empty(run.Events);
        Assert.Empty(run.Rejects);
        Assert.Equal(2, parser.IgnoredRecords);
    }

    [Fact]
    public void TryParse_AllMetricsVerbatim_MapsMetricPoints()
    {
        var run = Parse(AllMetrics);

        Assert.True(run.Accepted);
        Assert.Equal(2, run.Events.Length);
        var e = run.Events[1];
        Assert.Equal(EventKind.MetricPoint, e.Kind);
        Assert.Equal(TelemetrySource.AzureMetrics, e.Dims.Source);
        Assert.Equal("AzureOpenAITimeToResponse", e.Metric);
        Assert.Equal(5318.0, e.Value);
        Assert.Equal(12, e.Count);
        Assert.Equal(188.0, e.Min);
        Assert.Equal(1204.0, e.Max);
        Assert.Equal("/SUBSCRIPTIONS/.../ACCOUNTS/AOAI-PROD-EUS2", e.Dims.Resource);
        Assert.Equal(ParseRun.Ms(2026, 11, 22, 10, 41, 0, 0), e.TimeUnixMs);
    }

    [Fact]
    public void TryParse_MetricNameTwice_Interned()
    {
        using var parser = new EventHubsBodyParser();

        var a = ParseRun.Of(parser, AllMetrics).Events[0].Metric;
        var b = ParseRun.Of(parser, AllMetrics).Events[0].Metric;

        Assert.Equal("AzureOpenAIRequests", a);
        Assert.Same(a, b);
    }

    [Fact]
    public void TryParse_OuterArrayOfBodies_ParsesAll()
    {
        var json = "[" + Body(CreateThread) + ",{\"records\":[" + Audit + "],\"EventProcessedUtcTime\":\"x\",\"PartitionId\":1}]";

        var run = Parse(json);

        Assert.True(run.Accepted, run.Failure.Message);
        Assert.Equal([EventKind.Request, EventKind.Audit], run.Events.Select(e => e.Kind));
    }

    [Theory]
    [InlineData("2024-04-08T12:23:02.4359999Z", 435)]
    [InlineData("2024-04-08T12:23:02.4350000Z", 435)]
    [InlineData("2024-04-08T12:23:02.999Z", 999)]
    [InlineData("2024-04-08T12:23:02Z", 0)]
    [InlineData("2024-04-08T14:23:02.4350000+02:00", 435)]
    public void TryParse_FractionalSeconds_ExactToTheMillisecond(string time, int ms)
    {
        var record = "{\"category\":\"Audit\",\"operationName\":\"ListKey\",\"time\":\"" + time + "\"}";

        Assert.Equal(ParseRun.Ms(2024, 4, 8, 12, 23, 2, ms), Parse(Body(record)).Single().TimeUnixMs);
    }

    [Fact]
    public void TryParse_DuplicateRecords_SameDedupKey_DifferentAcrossSources()
    {
        var aoai = Parse(Body(ChatCompletions, ChatCompletions));
        var logs = new StructuredLogParser();
        var log = ParseRun.Of(logs, """{"timestamp":"2024-05-24T12:23:02Z","status":200,"request_id":"d427a391-2bc7-4f38-9cbc-6560600e0981"}""");

        Assert.Equal(aoai.Events[0].DedupKey, aoai.Events[1].DedupKey);
        Assert.NotEqual(aoai.Events[0].DedupKey, log.Single().DedupKey);
        Assert.NotEqual(aoai.Events[0].DedupKey, Parse(Body(CreateThread)).Single().DedupKey);
    }

    [Fact]
    public void TryParse_SameDimsTwice_SharesInstance()
    {
        var run = Parse(Body(ChatCompletions, ChatCompletions.Replace("gpt-chat-pilot", "other", StringComparison.Ordinal), ChatCompletions));

        Assert.Same(run.Events[0].Dims, run.Events[2].Dims);
        Assert.NotSame(run.Events[0].Dims, run.Events[1].Dims);
    }
}
