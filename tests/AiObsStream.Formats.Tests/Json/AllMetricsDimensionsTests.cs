using AiObsStream.Core.Events;
using AiObsStream.Formats.Json;

namespace AiObsStream.Formats.Tests.Json;

/// <summary>
/// Issue #10 §2: AllMetrics records that differ only by a dimension are distinct points (they were dropped as
/// duplicates). Records are shaped as real exports carry dimensions: extra top-level members next to the aggregates
/// (Azure Storage, as published by a third-party integration), or a <c>dimensions</c> object / name-value array.
/// </summary>
public class AllMetricsDimensionsTests
{
    private const string Storage = "/SUBSCRIPTIONS/69349ACF-2A6C-409D-A925-96BA0C5F099F/RESOURCEGROUPS/RG-DATA/PROVIDERS/MICROSOFT.STORAGE/STORAGEACCOUNTS/OBSDATA01";
    private const string StorageLower = "/subscriptions/69349acf-2a6c-409d-a925-96ba0c5f099f/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/obsdata01";
    private const string Aoai = "/SUBSCRIPTIONS/3F2C6A7E-1B2D-4C5E-9F10-2A3B4C5D6E7F/RESOURCEGROUPS/RG-AI-PROD/PROVIDERS/MICROSOFT.COGNITIVESERVICES/ACCOUNTS/AOAI-PROD-EUS2";

    private static string Availability(int count, string apiName) =>
        $$"""{"count":{{count}},"total":{{count * 100}},"minimum":100,"maximum":100,"resourceId":"{{Storage}}","time":"2023-12-12T12:11:00.0000000Z","metricName":"Availability","timeGrain":"PT1M","AccountResourceId":"{{StorageLower}}","ApiName":"{{apiName}}","Authentication":"AccountKey","GeoType":"Primary","average":100}""";

    private static string Requests(int total, string status, string stream = "Streaming") =>
        $$"""{"count":{{total}},"total":{{total}},"minimum":1,"maximum":1,"average":1,"resourceId":"{{Aoai}}","time":"2026-11-22T10:41:00.0000000Z","metricName":"AzureOpenAIRequests","timeGrain":"PT1M","ApiName":"Azure OpenAI API version 2024-10-21","OperationName":"ChatCompletions_Create","Region":"eastus2","StreamType":"{{stream}}","ModelDeploymentName":"gpt-4o-prod","ModelName":"gpt-4o","ModelVersion":"2024-08-06","StatusCode":"{{status}}","IsSpillover":"false"}""";

    private static ParseRun Parse(bool fast, params string[] records)
    {
        using var parser = new EventHubsBodyParser { UseFastPath = fast };
        return ParseRun.Of(parser, "{\"records\":[" + string.Join(',', records) + "]}");
    }

    public static TheoryData<bool> Paths => new() { true, false };

    [Theory]
    [MemberData(nameof(Paths))]
    public void TryParse_StorageRecordsDifferingOnlyByApiName_TwoPointsNotDuplicates(bool fast)
    {
        var run = Parse(fast, Availability(5, "RenewBlobLease"), Availability(10, "SetBlobMetadata"));

        Assert.Empty(run.Rejects);
        Assert.Equal(2, run.Events.Length);
        Assert.Equal(15, run.Events.Sum(e => e.Count)); // one row with Count 5 before the fix
        Assert.NotEqual(run.Events[0].DedupKey, run.Events[1].DedupKey);
        Assert.Equal(["RenewBlobLease", "SetBlobMetadata"], run.Events.Select(e => e.Dims.Operation));
        Assert.All(run.Events, e =>
        {
            Assert.Equal(TelemetrySource.AzureMetrics, e.Dims.Source);
            Assert.Equal(Storage, e.Dims.Resource);
            // AccountResourceId restates the resource id (other case): not a dimension of its own.
            Assert.Equal("Authentication=AccountKey;GeoType=Primary", e.Dims.OtherDims);
        });
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void TryParse_SameRecordTwice_SameIdentity(bool fast)
    {
        var run = Parse(fast, Availability(5, "RenewBlobLease"), Availability(5, "RenewBlobLease"));

        Assert.Equal(run.Events[0].DedupKey, run.Events[1].DedupKey); // at-least-once redelivery still dedups
        Assert.Same(run.Events[0].Dims, run.Events[1].Dims);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void TryParse_AzureOpenAIDimensions_NamedColumnsAndCanonicalRest(bool fast)
    {
        var run = Parse(fast, Requests(30, "200"), Requests(7, "429"));

        Assert.Empty(run.Rejects);
        Assert.Equal(2, run.Events.Length);
        var ok = run.Events[0].Dims;
        Assert.Equal("gpt-4o-prod", ok.Deployment);
        Assert.Equal("gpt-4o", ok.ModelName);
        Assert.Equal("2024-08-06", ok.ModelVersion);
        Assert.Equal("Azure OpenAI API version 2024-10-21", ok.Operation);
        Assert.Equal("IsSpillover=false;OperationName=ChatCompletions_Create;Region=eastus2;StatusCode=200;StreamType=Streaming", ok.OtherDims);
        Assert.Equal("IsSpillover=false;OperationName=ChatCompletions_Create;Region=eastus2;StatusCode=429;StreamType=Streaming", run.Events[1].Dims.OtherDims);
        Assert.Equal(37, run.Events.Sum(e => e.Value));
    }

    [Fact]
    public void TryParse_DimensionOrderInRecord_DoesNotChangeIdentity()
    {
        var a = Requests(3, "200");
        var b = a.Replace("\"StatusCode\":\"200\",\"IsSpillover\":\"false\"", "\"IsSpillover\":\"false\",\"StatusCode\":\"200\"", StringComparison.Ordinal);

        var run = Parse(true, a, b);

        Assert.Same(run.Events[0].Dims, run.Events[1].Dims);
        Assert.Equal(run.Events[0].DedupKey, run.Events[1].DedupKey);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void TryParse_NoDimensions_AsBeforeAndDiagnosticSettingsShape(bool fast)
    {
        // formats.md §1.3: the diagnostic-settings export carries no dimension at all.
        const string Plain = """{"count":37,"total":52814,"minimum":212,"maximum":4096,"average":1427.4054054054054,"resourceId":"/R","time":"2026-11-22T10:41:00.0000000Z","metricName":"ProcessedPromptTokens","timeGrain":"PT1M"}""";

        var e = Parse(fast, Plain).Single();

        Assert.Equal(string.Empty, e.Dims.OtherDims);
        Assert.Equal(string.Empty, e.Dims.Operation);
        Assert.Equal(StableHash64.Combine(EventHubsBodyParser.Dedup(TelemetrySource.AzureMetrics, "/R"u8, "ProcessedPromptTokens"u8), (ulong)e.TimeUnixMs), e.DedupKey);
    }

    [Theory]
    [InlineData("\"dimensions\":{\"ModelDeploymentName\":\"chat\",\"StatusCode\":429}")]
    [InlineData("\"dimensions\":[{\"name\":\"StatusCode\",\"value\":429},{\"name\":\"ModelDeploymentName\",\"value\":\"chat\"}]")]
    public void TryParse_DimensionsMember_ObjectOrNameValueArray(string member)
    {
        var record = "{\"count\":2,\"total\":2,\"resourceId\":\"/R\",\"time\":\"2026-11-22T10:41:00Z\",\"metricName\":\"AzureOpenAIRequests\"," + member + "}";

        foreach (var fast in new[] { true, false })
        {
            var e = Parse(fast, record).Single();

            Assert.Equal("chat", e.Dims.Deployment);
            Assert.Equal("StatusCode=429", e.Dims.OtherDims);
        }
    }

    [Fact]
    public void TryParse_ReservedBytesInValues_Escaped()
    {
        var record = """{"count":1,"total":1,"resourceId":"/R","time":"2026-11-22T10:41:00Z","metricName":"M","Path":"a=b;c\\d","Empty":""}""";

        var e = Parse(false, record).Single();

        Assert.Equal("Empty=;Path=a\\=b\\;c\\\\d", e.Dims.OtherDims);
    }

    [Fact]
    public void TryParse_TooManyDimensions_InvalidValue()
    {
        var extra = string.Join(',', Enumerable.Range(0, 40).Select(i => $"\"D{i}\":\"v\""));
        var record = "{\"count\":1,\"total\":1,\"resourceId\":\"/R\",\"time\":\"2026-11-22T10:41:00Z\",\"metricName\":\"M\"," + extra + "}";

        var run = Parse(true, record);

        var reject = Assert.Single(run.Rejects);
        Assert.Equal(RejectReason.InvalidValue, reject.Reason);
        Assert.Equal("records[0].dimensions: more than 32", reject.Message);
    }

    [Fact]
    public void TryParse_NullAndObjectMembers_NotDimensions()
    {
        var record = """{"count":1,"total":1,"resourceId":"/R","time":"2026-11-22T10:41:00Z","metricName":"M","unit":"Count","Note":null,"Extra":{"a":1},"List":[1,2],"Tier":"P1"}""";

        var e = Parse(true, record).Single();

        Assert.Equal("Tier=P1", e.Dims.OtherDims);
    }
}
