using AiObsStream.Core.Events;
using AiObsStream.Formats.Json;

namespace AiObsStream.Formats.Tests.Json;

/// <summary>
/// Issue #10 §4: a workspace-based App Insights export as it really arrives (formats.md §1.4, column names from the
/// AppTraces / AppMetrics / AppPerformanceCounters / AppEvents / AppExceptions table references): records of a known
/// table that carry nothing used are counted by table (not dead-lettered, not silently dropped); AppExceptions count
/// in the <c>exceptions</c> metric of their operation.
/// </summary>
public class AppInsightsTablesTests
{
    private const string Resource = "/SUBSCRIPTIONS/3F2C6A7E-1B2D-4C5E-9F10-2A3B4C5D6E7F/RESOURCEGROUPS/RG-AI/PROVIDERS/MICROSOFT.INSIGHTS/COMPONENTS/CHAT-API";

    private const string Trace = """{"time":"2026-11-22T10:41:03.1234567Z","resourceId":"RES","ResourceGUID":"5b0a4d3c-1e2f-4a5b-9c8d-7e6f5a4b3c2d","Type":"AppTraces","AppRoleInstance":"chat-api-7d9f","AppRoleName":"chat-api","ClientIP":"0.0.0.0","ClientType":"PC","IKey":"00000000-0000-0000-0000-000000000000","_BilledSize":512,"OperationName":"POST /chat","OperationId":"4bf92f3577b34da6a3ce929d0e0e4736","ParentId":"00f067aa0ba902b7","SDKVersion":"otel1.9.0:dotnet","Message":"Request finished in 212 ms","SeverityLevel":1,"Properties":{"CategoryName":"Microsoft.AspNetCore.Hosting.Diagnostics","OriginalFormat":"Request finished"},"ItemCount":1}""";

    private const string Metric = """{"time":"2026-11-22T10:41:00.0000000Z","resourceId":"RES","Type":"AppMetrics","AppRoleName":"chat-api","Name":"gen_ai.client.token.usage","Sum":5233,"Min":12,"Max":812,"ItemCount":37,"Properties":{"gen_ai.token.type":"input","gen_ai.request.model":"gpt-4o"},"_BilledSize":300}""";

    private const string Counter = """{"time":"2026-11-22T10:41:00.0000000Z","resourceId":"RES","Type":"AppPerformanceCounters","AppRoleName":"chat-api","AppRoleInstance":"chat-api-7d9f","Category":"Processor","Counter":"% Processor Time","Instance":"_Total","Name":"% Processor Time","Value":12.5,"Properties":{"CustomPerfCounter":"false"},"ItemCount":1}""";

    private const string Event = """{"time":"2026-11-22T10:41:05.0000000Z","resourceId":"RES","Type":"AppEvents","AppRoleName":"chat-api","Name":"ChatSessionStarted","OperationId":"4bf92f3577b34da6a3ce929d0e0e4736","Properties":{"tier":"free"},"Measurements":{"turns":3},"ItemCount":1}""";

    private const string Exception = """{"time":"2026-11-22T10:41:06.5000000Z","resourceId":"RES","Type":"AppExceptions","AppRoleName":"chat-api","OperationName":"POST /chat","OperationId":"4bf92f3577b34da6a3ce929d0e0e4736","ProblemId":"System.Net.Http.HttpRequestException at Chat.Send","ExceptionType":"System.Net.Http.HttpRequestException","OuterMessage":"Response status code does not indicate success: 429","SeverityLevel":3,"Details":[{"message":"x","type":"System.Net.Http.HttpRequestException"}],"Properties":{"deployment":"chat-prod"},"ItemCount":1}""";

    private static string Body(params string[] records) => "{\"records\":[" + string.Join(',', records).Replace("RES", Resource, StringComparison.Ordinal) + "]}";

    [Theory]
    [InlineData(Trace, "AppTraces")]
    [InlineData(Metric, "AppMetrics")]
    [InlineData(Counter, "AppPerformanceCounters")]
    [InlineData(Event, "AppEvents")]
    public void TryParse_KnownTableWithNothingUsed_CountedAsSkippedByTable(string record, string table)
    {
        foreach (var fast in new[] { true, false })
        {
            using var parser = new EventHubsBodyParser { UseFastPath = fast };

            var run = ParseRun.Of(parser, Body(record, record));

            Assert.True(run.Accepted, run.Failure.Message);
            Assert.Empty(run.Events);
            Assert.Empty(run.Rejects); // not dead-lettered
            Assert.Equal(2, parser.IgnoredRecords);
            Assert.True(parser.HasSkipped);
            var counts = new long[SkippedTables.Count];
            parser.DrainSkipped(counts);
            Assert.Equal(2, counts[SkippedTables.IndexOf(System.Text.Encoding.ASCII.GetBytes(table))]);
            Assert.Equal(2, counts.Sum());
            Assert.False(parser.HasSkipped);
            Assert.Equal("2 " + table, SkippedTables.Describe(counts));
        }
    }

    [Fact]
    public void TryParse_PerformanceCounterCategoryColumn_NotReadAsDiagnosticCategory()
    {
        // "category: unknown value Processor" before issue #10 §4.
        using var parser = new EventHubsBodyParser();

        var run = ParseRun.Of(parser, Body(Counter));

        Assert.Empty(run.Rejects);
        Assert.Equal(1, parser.IgnoredRecords);
    }

    [Fact]
    public void TryParse_Exception_CountsInExceptionsOfItsOperation()
    {
        foreach (var fast in new[] { true, false })
        {
            using var parser = new EventHubsBodyParser { UseFastPath = fast };

            var e = ParseRun.Of(parser, Body(Exception)).Single();

            Assert.Equal(EventKind.MetricPoint, e.Kind);
            Assert.Equal("exceptions", e.Metric);
            Assert.Equal(1, e.Value);
            Assert.Equal(1, e.Count);
            Assert.Equal(TelemetrySource.AppInsights, e.Dims.Source);
            Assert.Equal("POST /chat", e.Dims.Operation);
            Assert.Equal("chat-prod", e.Dims.Deployment);
            Assert.Equal(Resource, e.Dims.Resource);
            Assert.Equal(ParseRun.Ms(2026, 11, 22, 10, 41, 6, 500), e.TimeUnixMs);
            Assert.NotEqual(0UL, e.DedupKey);
            Assert.Equal(0, parser.IgnoredRecords);
        }
    }

    [Fact]
    public void TryParse_ExceptionWithoutOperation_CountsForTheResource()
    {
        using var parser = new EventHubsBodyParser();
        var record = Exception.Replace("\"OperationName\":\"POST /chat\",\"OperationId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",", "", StringComparison.Ordinal);

        var e = ParseRun.Of(parser, Body(record)).Single();

        Assert.Equal(string.Empty, e.Dims.Operation);
        Assert.Equal(0UL, e.DedupKey);
    }

    [Fact]
    public void TryParse_ExceptionWithoutTime_Rejected()
    {
        using var parser = new EventHubsBodyParser();

        var run = ParseRun.Of(parser, Body(Exception.Replace("\"time\":\"2026-11-22T10:41:06.5000000Z\",", "", StringComparison.Ordinal)));

        Assert.Equal("records[0].time: missing", Assert.Single(run.Rejects).Message);
    }

    [Fact]
    public void TryParse_EventWithEvaluation_IsAnEvaluation()
    {
        using var parser = new EventHubsBodyParser();
        var record = Event.Replace("\"Properties\":{\"tier\":\"free\"}", "\"Properties\":{\"gen_ai.evaluation.name\":\"groundedness\",\"gen_ai.evaluation.score.value\":\"4\"}", StringComparison.Ordinal);

        var e = ParseRun.Of(parser, Body(record)).Single();

        Assert.Equal(EventKind.Evaluation, e.Kind);
        Assert.Equal("groundedness", e.Metric);
        Assert.Equal(0, parser.IgnoredRecords);
    }

    [Fact]
    public void TryParse_FullExportMix_OnlyUsedRecordsBecomeEvents()
    {
        using var parser = new EventHubsBodyParser();
        var request = """{"time":"2026-11-22T10:41:03Z","resourceId":"RES","Type":"AppRequests","OperationName":"POST /chat","OperationId":"4bf92f3577b34da6a3ce929d0e0e4736","Id":"00f067aa0ba902b7","Name":"POST /chat","Success":false,"ResultCode":"500","DurationMs":212.4,"ItemCount":1}""";

        var run = ParseRun.Of(parser, Body(Trace, Trace, Trace, Metric, Counter, Event, Exception, request));

        Assert.Empty(run.Rejects);
        Assert.Equal(2, run.Events.Length);
        Assert.Equal(6, parser.IgnoredRecords);
        var counts = new long[SkippedTables.Count];
        parser.DrainSkipped(counts);
        Assert.Equal("3 AppTraces, 1 AppEvents, 1 AppMetrics, 1 AppPerformanceCounters", SkippedTables.Describe(counts));
    }

    [Fact]
    public void TryParse_RejectedUnit_SkipsNotCounted()
    {
        using var parser = new EventHubsBodyParser();

        var run = ParseRun.Of(parser, Body(Trace, Trace) + "garbage");

        Assert.False(run.Accepted);
        Assert.Equal(0, parser.IgnoredRecords);
        Assert.False(parser.HasSkipped);
    }
}
