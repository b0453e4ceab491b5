using AiObsStream.Core.Events;
using AiObsStream.Formats.Json;

namespace AiObsStream.Formats.Tests.Json;

/// <summary>
/// The caller of an Azure OpenAI RequestResponse record (issue #15 §1). Samples follow Elastic's fixture captured from
/// real Event Hubs data (elastic/integrations packages/azure_openai/data_stream/logs/_dev/test/pipeline/
/// test-open-ai-request-response.log, formats.md §1.2): <c>callerIpAddress</c> masked by Azure, <c>properties.objectId</c>
/// empty with key auth and the Entra object id with Entra auth, <c>properties.responseLength</c> in bytes.
/// </summary>
public class CallerFieldsTests
{
    private const string Resource = "/SUBSCRIPTIONS/12CABCB4-86E8-404F-A3D2-1DC9982F45CA/RESOURCEGROUPS/OBS-OPENAI-SERVICE-RS/PROVIDERS/MICROSOFT.COGNITIVESERVICES/ACCOUNTS/OBS-OPENAI-TEST-01";

    private static string Record(string caller, string properties) =>
        "{\"Tenant\":\"eastus\"," + caller + "\"category\":\"RequestResponse\",\"correlationId\":\"d427a391-2bc7-4f38-9cbc-6560600e0981\","
        + "\"durationMs\":1021,\"event\":\"ShoeboxCallResult\",\"location\":\"eastus\",\"operationName\":\"ChatCompletions_Create\","
        + "\"properties\":" + properties + ",\"resourceId\":\"" + Resource + "\",\"resultSignature\":\"200\",\"time\":\"2024-05-24T12:23:02.4350000Z\"}";

    private const string KeyAuthProperties = "{\"apiName\":\"Azure OpenAI API version 2023-07-01-preview\",\"requestTime\":638515262815394150,"
        + "\"requestLength\":128,\"responseTime\":638515262825606520,\"responseLength\":1411,\"objectId\":\"\",\"streamType\":\"Non-Streaming\","
        + "\"modelDeploymentName\":\"gpt-chat-pilot\",\"modelName\":\"gpt-35-turbo\",\"modelVersion\":\"0301\"}";

    private static ParseRun Parse(string records)
    {
        using var parser = new EventHubsBodyParser();
        return ParseRun.Of(parser, "{\"records\":[" + records + "]}");
    }

    [Fact]
    public void KeyAuth_CallerIsTheMaskedIpAsSent_ResponseLengthInValue()
    {
        var e = Parse(Record("\"callerIpAddress\":\"81.2.69.***\",", KeyAuthProperties)).Single();

        Assert.Equal("81.2.69.***", e.Detail);
        Assert.Equal(1411, e.Value);
        Assert.Equal("gpt-chat-pilot", e.Dims.Deployment);
    }

    [Fact]
    public void EntraAuth_ObjectIdWinsOverTheIp()
    {
        var properties = KeyAuthProperties.Replace("\"objectId\":\"\"", "\"objectId\":\"b610ab05-ce06-4cc1-a6dd-174b9f80468a\"", StringComparison.Ordinal);

        var e = Parse(Record("\"callerIpAddress\":\"81.2.69.***\",", properties)).Single();

        Assert.Equal("b610ab05-ce06-4cc1-a6dd-174b9f80468a", e.Detail);
    }

    [Fact]
    public void StringEncodedProperties_AsInTheFixture_GiveTheSameCaller()
    {
        var escaped = "\"" + KeyAuthProperties.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

        var e = Parse(Record("\"callerIpAddress\":\"10.0.0.***\",", escaped)).Single();

        Assert.Equal("10.0.0.***", e.Detail);
        Assert.Equal(1411, e.Value);
    }

    [Fact]
    public void NoCallerFields_NoCallerAndNoSize()
    {
        var properties = KeyAuthProperties.Replace(",\"responseLength\":1411,\"objectId\":\"\"", string.Empty, StringComparison.Ordinal);

        var e = Parse(Record(string.Empty, properties)).Single();

        Assert.Null(e.Detail);
        Assert.True(double.IsNaN(e.Value));
    }

    [Theory]
    [InlineData("\"callerIpAddress\":5,", "records[0].callerIpAddress: expected a string, found a number 5")]
    [InlineData("\"callerIpAddress\":{\"ip\":\"1.2.3.4\"},", "records[0].callerIpAddress: expected a string, found an object")]
    public void CallerIpOfWrongType_IsDeadLetteredNamingTheField(string caller, string message)
    {
        var run = Parse(Record(caller, KeyAuthProperties) + "," + Record("\"callerIpAddress\":\"81.2.69.***\",", KeyAuthProperties));

        Assert.True(run.Accepted);
        var reject = Assert.Single(run.Rejects);
        Assert.Equal(RejectReason.InvalidValue, reject.Reason);
        Assert.Equal(message, reject.Message);
        Assert.Equal("81.2.69.***", Assert.Single(run.Events).Detail); // the body's other record is kept
    }

    [Theory]
    [InlineData("-5", "records[0].responseLength: -5 is outside the plausible range 0..10000000000 (integer) bytes")]
    [InlineData("1.5", "records[0].responseLength: 1.5 is outside the plausible range 0..10000000000 (integer) bytes")]
    [InlineData("\"big\"", "records[0].responseLength: expected a number or a string holding one, found a string \"big\"")]
    public void BadResponseLength_IsDeadLetteredNamingTheField(string value, string message)
    {
        var properties = KeyAuthProperties.Replace("\"responseLength\":1411", "\"responseLength\":" + value, StringComparison.Ordinal);

        var run = Parse(Record("\"callerIpAddress\":\"81.2.69.***\",", properties));

        var reject = Assert.Single(run.Rejects);
        Assert.Equal(RejectReason.InvalidValue, reject.Reason);
        Assert.Equal(message, reject.Message);
        Assert.Empty(run.Events);
    }

    [Fact]
    public void ObjectIdOfWrongType_IsDeadLettered()
    {
        var properties = KeyAuthProperties.Replace("\"objectId\":\"\"", "\"objectId\":[1]", StringComparison.Ordinal);

        var run = Parse(Record("\"callerIpAddress\":\"81.2.69.***\",", properties));

        var reject = Assert.Single(run.Rejects);
        Assert.Equal(RejectReason.InvalidValue, reject.Reason);
        Assert.Contains("objectId: expected a string, found an array", reject.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OverlongCaller_IsDeadLetteredNotKept()
    {
        var run = Parse(Record("\"callerIpAddress\":\"" + new string('9', 300) + "\",", KeyAuthProperties));

        var reject = Assert.Single(run.Rejects);
        Assert.Equal(RejectReason.InvalidValue, reject.Reason);
        Assert.Equal("records[0].callerIpAddress: 300 bytes, longer than the 256 a caller identifier may have", reject.Message);
        Assert.Empty(run.Events);
    }
}
