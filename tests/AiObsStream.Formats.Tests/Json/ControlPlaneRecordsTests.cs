using AiObsStream.Core.Events;
using AiObsStream.Formats.Json;

namespace AiObsStream.Formats.Tests.Json;

/// <summary>
/// Control-plane and secret access records (issue #15 §1) in Event Hubs bodies, mixed with everything else.
/// Sources: the Azure OpenAI Audit record of Elastic's fixture (elastic/integrations
/// packages/azure_openai/data_stream/logs/_dev/test/pipeline/test-open-ai-audit.log, formats.md §1.2); the Key Vault
/// AuditEvent sample of Microsoft Learn, "Azure Key Vault logging" (VaultGet, identity claims as claim URIs); a captured
/// Key Vault SecretGet AuditEvent with short claims (oid, appid, upn) and properties.httpStatusCode.
/// Every case runs on the fast path and on the exact path, which must agree.
/// </summary>
public class ControlPlaneRecordsTests
{
    private const string Account = "/SUBSCRIPTIONS/12CABCB4-86E8-404F-A3D2-1DC9982F45CA/RESOURCEGROUPS/OBS-OPENAI-SERVICE-RS/PROVIDERS/MICROSOFT.COGNITIVESERVICES/ACCOUNTS/OBS-OPENAI-TEST-01";
    private const string Vault = "/SUBSCRIPTIONS/361DA5D4-A47A-4C79-AFDD-XXXXXXXXXXXX/RESOURCEGROUPS/CONTOSOGROUP/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/CONTOSOKEYVAULT";

    /// <summary>Elastic's Audit fixture, verbatim.</summary>
    private const string AoaiAudit = "{\"AssetIdentity\":\"07628fea-67bb-424d-b160-fdc46c82d0b4\",\"Tenant\":\"eastus\",\"category\":\"Audit\",\"operationName\":\"ListKey\",\"properties\":{\"objectId\":\"b610ab05-ce06-4cc1-a6dd-174b9f80468a\"},\"resourceId\":\"" + Account + "\",\"time\":\"2024-04-17T06:03:30.0000000Z\"}";

    /// <summary>The Learn sample's shape (claim URIs; durationMs a string; resultSignature text).</summary>
    private const string VaultGet = "{\"time\":\"2016-01-05T01:32:01.2691226Z\",\"resourceId\":\"" + Vault + "\",\"operationName\":\"VaultGet\",\"operationVersion\":\"2015-06-01\",\"category\":\"AuditEvent\",\"resultType\":\"Success\",\"resultSignature\":\"OK\",\"resultDescription\":\"\",\"durationMs\":\"78\",\"callerIpAddress\":\"104.40.82.76\",\"correlationId\":\"\",\"identity\":{\"claim\":{\"http://schemas.microsoft.com/identity/claims/objectidentifier\":\"d9da5048-2737-4770-bd64-XXXXXXXXXXXX\",\"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn\":\"live.com#username@outlook.com\",\"appid\":\"1950a258-227b-4e31-a9cf-XXXXXXXXXXXX\"}},\"properties\":{\"clientInfo\":\"azure-resource-manager/2.0\",\"requestUri\":\"https://control-prod-wus.vaultcore.azure.net/subscriptions/361da5d4-a47a-4c79-afdd-XXXXXXXXXXXX/resourcegroups/contosoresourcegroup/providers/Microsoft.KeyVault/vaults/contosokeyvault?api-version=2015-06-01\",\"id\":\"https://contosokeyvault.vault.azure.net/\",\"httpStatusCode\":200}}";

    /// <summary>A captured SecretGet (short claims, <c>&lt;Redacted&gt;</c> caller IP as the capture had it).</summary>
    private const string SecretGet = "{\"time\":\"2022-06-30T11:59:25.4111792Z\",\"category\":\"AuditEvent\",\"operationName\":\"SecretGet\",\"resultType\":\"Success\",\"correlationId\":\"1e00f8e4-d4c8-46fe-ba9b-3863dde1ff54\",\"callerIpAddress\":\"<Redacted>\",\"identity\":{\"claim\":{\"oid\":\"30a6c29d-de7c-4830-815f-9b3bb366e975\",\"appid\":\"04b07795-8ddb-461a-bbee-02f9e1bf7b46\",\"scp\":\"user_impersonation\",\"upn\":\"someone@contoso.onmicrosoft.com\",\"ipaddr\":\"<Redacted>\",\"amr\":\"pwd\"}},\"properties\":{\"id\":\"https://kv1.vault.azure.net/secrets/S1/4c39bacace9a49b2bd542ce61bd6f312\",\"clientInfo\":\"python/3.8.9 azure-keyvault/7.0\",\"httpStatusCode\":200,\"requestUri\":\"https://kv1.vault.azure.net/secrets/S1/?api-version=7.0\",\"isAccessPolicyMatch\":true},\"resourceId\":\"" + Vault + "\",\"operationVersion\":\"7.0\",\"resultSignature\":\"OK\",\"durationMs\":\"9\"}";

    private const string Request = "{\"callerIpAddress\":\"81.2.69.***\",\"category\":\"RequestResponse\",\"correlationId\":\"d427a391-2bc7-4f38-9cbc-6560600e0981\",\"durationMs\":1021,\"operationName\":\"ChatCompletions_Create\",\"properties\":{\"requestTime\":638515262815394150,\"responseTime\":638515262825606520,\"responseLength\":1411,\"objectId\":\"\",\"modelDeploymentName\":\"gpt-chat-pilot\",\"modelName\":\"gpt-35-turbo\",\"modelVersion\":\"0301\"},\"resourceId\":\"" + Account + "\",\"resultSignature\":\"200\",\"time\":\"2024-05-24T12:23:02.4350000Z\"}";

    private static ParseRun Parse(bool fast, params string[] records)
    {
        using var parser = new EventHubsBodyParser { UseFastPath = fast };
        return ParseRun.Of(parser, "{\"records\":[" + string.Join(",", records) + "]}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AoaiAudit_ListKey_IsAnAuditEventWithTheObjectIdAsIdentity(bool fast)
    {
        var e = Assert.Single(Parse(fast, AoaiAudit).Events);

        Assert.Equal(EventKind.Audit, e.Kind);
        Assert.Equal("ListKey", e.Dims.Operation);
        Assert.Equal(Account, e.Dims.Resource);
        Assert.Equal("b610ab05-ce06-4cc1-a6dd-174b9f80468a", e.Detail);
        Assert.Equal(MetricNames.AuditEvents, e.Metric); // still counted in audit_events, as before
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void KeyVault_LearnSample_ClaimUris_ObjectIdIsTheIdentity_StatusFromHttpStatusCode(bool fast)
    {
        var e = Assert.Single(Parse(fast, VaultGet).Events);

        Assert.Equal(EventKind.SecretAccess, e.Kind);
        Assert.Equal("VaultGet", e.Dims.Operation);
        Assert.Equal(Vault, e.Dims.Resource);
        Assert.Equal("d9da5048-2737-4770-bd64-XXXXXXXXXXXX", e.Detail);
        Assert.Equal(200, e.Status);
        Assert.True(e.Success);
        Assert.Equal(1451957521269, e.TimeUnixMs);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void KeyVault_CapturedSecretGet_ShortClaims(bool fast)
    {
        var e = Assert.Single(Parse(fast, SecretGet).Events);

        Assert.Equal(EventKind.SecretAccess, e.Kind);
        Assert.Equal("SecretGet", e.Dims.Operation);
        Assert.Equal("30a6c29d-de7c-4830-815f-9b3bb366e975", e.Detail);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void MixedBody_EveryKindRoutedAndUnknownCategoryStillRejected(bool fast)
    {
        var other = "{\"category\":\"AzurePolicyEvaluationDetails\",\"time\":\"2024-05-24T12:23:02Z\",\"resourceId\":\"" + Vault + "\"}";

        var run = Parse(fast, Request, SecretGet, AoaiAudit, other, VaultGet);

        Assert.True(run.Accepted);
        Assert.Equal([EventKind.Request, EventKind.SecretAccess, EventKind.Audit, EventKind.SecretAccess], run.Events.Select(e => e.Kind));
        Assert.Equal("81.2.69.***", run.Events[0].Detail);
        var reject = Assert.Single(run.Rejects);
        Assert.Equal(RejectReason.UnknownShape, reject.Reason);
        Assert.Equal(3, reject.RecordIndex);
    }

    [Theory]
    [InlineData(true, "\"appid\":\"04b07795-8ddb-461a-bbee-02f9e1bf7b46\"", "04b07795-8ddb-461a-bbee-02f9e1bf7b46")]
    [InlineData(false, "\"upn\":\"ops@contoso.com\"", "ops@contoso.com")]
    [InlineData(true, "\"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn\":\"ops@contoso.com\"", "ops@contoso.com")]
    public void KeyVault_WithoutObjectId_AppIdThenUpn(bool fast, string claims, string identity)
    {
        var record = SecretGet.Replace(
            "\"oid\":\"30a6c29d-de7c-4830-815f-9b3bb366e975\",\"appid\":\"04b07795-8ddb-461a-bbee-02f9e1bf7b46\",\"scp\":\"user_impersonation\",\"upn\":\"someone@contoso.onmicrosoft.com\"",
            claims, StringComparison.Ordinal);

        Assert.Equal(identity, Assert.Single(Parse(fast, record).Events).Detail);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void KeyVault_Unauthenticated_NoClaims_CallerIpIsTheIdentity_Status401(bool fast)
    {
        var record = VaultGet.Replace(VaultGet[VaultGet.IndexOf("\"identity\"", StringComparison.Ordinal)..VaultGet.IndexOf("\"properties\"", StringComparison.Ordinal)], string.Empty, StringComparison.Ordinal)
            .Replace("\"httpStatusCode\":200", "\"httpStatusCode\":401", StringComparison.Ordinal);

        var e = Assert.Single(Parse(fast, record).Events);

        Assert.Equal("104.40.82.76", e.Detail);
        Assert.Equal(401, e.Status);
        Assert.False(e.Success);
    }

    [Theory]
    [InlineData("\"identity\":\"oid=1\",", "records[0].identity: expected an object, found a string \"oid=1\"")]
    [InlineData("\"identity\":[1],", "records[0].identity: expected an object, found an array")]
    [InlineData("\"identity\":{\"claim\":5},", "records[0].claim: expected an object, found a number 5")]
    [InlineData("\"identity\":{\"claim\":{\"oid\":17}},", "records[0].oid: expected a string, found a number 17")]
    [InlineData("\"identity\":{\"claim\":{\"appid\":{}}},", "records[0].appid: expected a string, found an object")]
    public void KeyVault_BadIdentity_IsDeadLetteredNamingTheField_OthersKept(string identity, string message)
    {
        var bad = SecretGet.Replace(SecretGet[SecretGet.IndexOf("\"identity\"", StringComparison.Ordinal)..SecretGet.IndexOf("\"properties\"", StringComparison.Ordinal)], identity, StringComparison.Ordinal);
        foreach (var fast in new[] { true, false })
        {
            var run = Parse(fast, bad, SecretGet);

            Assert.True(run.Accepted);
            var reject = Assert.Single(run.Rejects);
            Assert.Equal(RejectReason.InvalidValue, reject.Reason);
            Assert.Equal(message, reject.Message);
            Assert.Equal("30a6c29d-de7c-4830-815f-9b3bb366e975", Assert.Single(run.Events).Detail);
        }
    }

    [Theory]
    [InlineData("\"httpStatusCode\":99", "records[0].properties.httpStatusCode: 99 is outside the plausible range 100..599 (integer)")]
    [InlineData("\"httpStatusCode\":\"teapot\"", "records[0].httpStatusCode: expected a number or a string holding one, found a string \"teapot\"")]
    public void KeyVault_BadHttpStatus_IsDeadLettered(string status, string message)
    {
        var bad = SecretGet.Replace("\"httpStatusCode\":200", status, StringComparison.Ordinal);
        foreach (var fast in new[] { true, false })
        {
            var reject = Assert.Single(Parse(fast, bad).Rejects);
            Assert.Equal(RejectReason.InvalidValue, reject.Reason);
            Assert.Equal(message, reject.Message);
        }
    }

    [Fact]
    public void KeyVault_NoIdentityNoCallerIp_IsDeadLettered()
    {
        var bad = VaultGet.Replace(VaultGet[VaultGet.IndexOf("\"callerIpAddress\"", StringComparison.Ordinal)..VaultGet.IndexOf("\"properties\"", StringComparison.Ordinal)], string.Empty, StringComparison.Ordinal);

        var reject = Assert.Single(Parse(true, bad).Rejects);

        Assert.Equal(RejectReason.InvalidValue, reject.Reason);
        Assert.Equal("records[0].identity: missing (no identity.claim oid, appid or upn, and no callerIpAddress)", reject.Message);
    }

    [Fact]
    public void KeyVault_MissingOperationOrTime_IsDeadLettered()
    {
        var noOperation = SecretGet.Replace("\"operationName\":\"SecretGet\",", string.Empty, StringComparison.Ordinal);
        var noTime = SecretGet.Replace("\"time\":\"2022-06-30T11:59:25.4111792Z\",", string.Empty, StringComparison.Ordinal);

        var run = Parse(true, noOperation, noTime);

        Assert.Equal(
            ["records[0].operationName: missing (a Key Vault AuditEvent names its operation)", "records[1].time: missing"],
            run.Rejects.Select(r => r.Message));
        Assert.Empty(run.Events);
    }

    [Fact]
    public void KeyVault_OverlongIdentity_IsDeadLetteredNotKept()
    {
        var bad = SecretGet.Replace("30a6c29d-de7c-4830-815f-9b3bb366e975", new string('a', 300), StringComparison.Ordinal);

        var reject = Assert.Single(Parse(true, bad).Rejects);

        Assert.Equal("records[0].identity.claim.oid: 300 bytes, longer than the 256 an identity may have", reject.Message);
    }

    [Fact]
    public void KeyVault_EmptyCorrelationIds_AreNotDeduplicatedAgainstEachOther()
    {
        var second = VaultGet.Replace("01:32:01.2691226Z", "01:32:02.0000000Z", StringComparison.Ordinal);

        var run = Parse(true, VaultGet, second);

        Assert.Equal(2, run.Events.Length);
        Assert.All(run.Events, e => Assert.Equal(0UL, e.DedupKey));
    }
}
