using AiObsStream.Core.Events;
using AiObsStream.Formats.Json;

namespace AiObsStream.Formats.Tests.Json;

/// <summary>
/// The target of an App Insights AppDependencies record (issue #15 §2). Columns as the workspace table reference
/// documents them (Microsoft Learn, azure/azure-monitor/reference/tables/appdependencies: <c>Target</c>,
/// <c>DependencyType</c>, <c>Name</c>, <c>DurationMs</c>, <c>Success</c>, <c>ResultCode</c>), formats.md §1.4.
/// </summary>
public class DependencyFieldsTests
{
    private static string Record(string type, string extra) =>
        "{\"time\":\"2026-11-22T11:12:38.2045420Z\",\"resourceId\":\"/R\",\"Type\":\"" + type + "\",\"OperationId\":\"op1\",\"Id\":\"id1\","
        + "\"Name\":\"POST /openai/deployments/chat-prod/chat/completions\"," + extra
        + "\"Success\":true,\"ResultCode\":\"200\",\"DurationMs\":912.5,\"Properties\":{\"deployment\":\"chat-prod\",\"model_version\":\"2024-08-06\"}}";

    private static ParseRun Parse(string record)
    {
        using var parser = new EventHubsBodyParser();
        return ParseRun.Of(parser, "{\"records\":[" + record + "]}");
    }

    [Fact]
    public void TargetAndType_InDetailAsTypeBarTarget()
    {
        var e = Parse(Record("AppDependencies", "\"Target\":\"aoai-prod-eastus2.openai.azure.com\",\"DependencyType\":\"HTTP\",")).Single();

        Assert.Equal("HTTP|aoai-prod-eastus2.openai.azure.com", e.Detail);
        Assert.Equal(912.5, e.LatencyMs);
        Assert.Equal("chat-prod", e.Dims.Deployment);
        Assert.Equal(TelemetrySource.AppInsights, e.Dims.Source);
    }

    [Fact]
    public void TargetOnly_EmptyTypePart()
    {
        var e = Parse(Record("AppDependencies", "\"Target\":\"10.1.2.3:443\",")).Single();

        Assert.Equal("|10.1.2.3:443", e.Detail);
    }

    [Fact]
    public void LongTarget_Kept()
    {
        var target = new string('a', 300) + ".example.com";

        var e = Parse(Record("AppDependencies", "\"Target\":\"" + target + "\",\"DependencyType\":\"Azure blob\",")).Single();

        Assert.Equal("Azure blob|" + target, e.Detail);
    }

    [Fact]
    public void NoTargetNorType_NoDetail()
    {
        var e = Parse(Record("AppDependencies", string.Empty)).Single();

        Assert.Null(e.Detail);
    }

    [Fact]
    public void AppRequests_NeverATarget()
    {
        var e = Parse(Record("AppRequests", "\"Target\":\"somewhere\",")).Single();

        Assert.Null(e.Detail);
    }

    [Theory]
    [InlineData("\"Target\":5,", "Target: expected a string, found a number")]
    [InlineData("\"DependencyType\":{\"a\":1},", "DependencyType: expected a string, found an object")]
    public void TargetOfTheWrongType_RejectedInvalidValue(string extra, string message)
    {
        var run = Parse(Record("AppDependencies", extra));

        Assert.Empty(run.Events);
        var reject = Assert.Single(run.Rejects);
        Assert.Equal(RejectReason.InvalidValue, reject.Reason);
        Assert.Contains(message, reject.Message, StringComparison.Ordinal);
    }
}
