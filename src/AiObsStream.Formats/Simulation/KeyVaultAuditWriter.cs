using System.Text.Json;
using AiObsStream.Core.Simulation;

namespace AiObsStream.Formats.Simulation;

/// <summary>
/// Writes simulated accesses in the real diagnostic formats (issue #15 §1): Key Vault <c>AuditEvent</c> records in
/// Event Hubs bodies, and Azure OpenAI <c>Audit</c> records into the account's RequestResponse stream.
/// </summary>
/// <remarks>
/// AuditEvent fields as in Microsoft Learn, "Azure Key Vault logging" (time, resourceId, operationName,
/// operationVersion, category, resultType, resultSignature, durationMs as a string, callerIpAddress, correlationId,
/// identity.claim, properties.id / clientInfo / httpStatusCode / requestUri / isAccessPolicyMatch). Identities alternate
/// between the claim-URI spelling of the Learn sample and the short claims (<c>oid</c>, <c>appid</c>) of captured
/// records. Audit records as Elastic's <c>test-open-ai-audit.log</c> fixture (formats.md §1.2).
/// </remarks>
internal static class KeyVaultAuditWriter
{
    public static void Write(Stream output, IReadOnlyList<SimAccess> accesses)
    {
        using var batcher = new BodyBatcher(output);
        foreach (var a in accesses)
        {
            if (a.KeyVault)
            {
                WriteKeyVault(batcher.BeginRecord(a.Ticks), a);
                batcher.EndRecord();
            }
        }
    }

    /// <summary>Writes one Azure OpenAI Audit record into an open body (the caller interleaves it with requests).</summary>
    public static void WriteAudit(Utf8JsonWriter w, SimAccess a)
    {
        var id = AccessSimulator.Identities[a.Identity];
        w.WriteString("AssetIdentity"u8, a.CorrelationId);
        w.WriteString("Tenant"u8, "eastus2"u8);
        w.WriteString("category"u8, "Audit"u8);
        w.WriteString("operationName"u8, a.Operation);
        w.WriteStartObject("properties"u8);
        w.WriteString("objectId"u8, id.ObjectId);
        w.WriteEndObject();
        w.WriteString("resourceId"u8, SimFleet.AccountResourceId);
        w.WriteString("time"u8, SimText.Time(a.Ticks));
    }

    private static void WriteKeyVault(Utf8JsonWriter w, SimAccess a)
    {
        var id = AccessSimulator.Identities[a.Identity];
        var list = a.Secret.Length == 0;
        w.WriteString("time"u8, SimText.Time(a.Ticks));
        w.WriteString("resourceId"u8, AccessSimulator.VaultResourceId);
        w.WriteString("operationName"u8, a.Operation);
        w.WriteString("operationVersion"u8, "7.4"u8);
        w.WriteString("category"u8, "AuditEvent"u8);
        w.WriteString("resultType"u8, "Success"u8);
        w.WriteString("resultSignature"u8, "OK"u8);
        w.WriteString("durationMs"u8, SimText.Number(8 + (a.Sequence % 23)));
        w.WriteString("callerIpAddress"u8, id.CallerIp);
        w.WriteString("correlationId"u8, a.CorrelationId);
        w.WriteStartObject("identity"u8);
        w.WriteStartObject("claim"u8);
        if (a.Identity % 2 == 0)
        {
            w.WriteString("http://schemas.microsoft.com/identity/claims/objectidentifier"u8, id.ObjectId);
            w.WriteString("appid"u8, id.AppId);
        }
        else
        {
            w.WriteString("oid"u8, id.ObjectId);
            w.WriteString("appid"u8, id.AppId);
            w.WriteString("idtyp"u8, "app"u8);
        }

        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("properties"u8);
        var uri = list ? "https://kv-ai-prod.vault.azure.net/secrets" : "https://kv-ai-prod.vault.azure.net/secrets/" + a.Secret;
        if (!list)
        {
            w.WriteString("id"u8, uri + "/" + a.CorrelationId.Replace("-", string.Empty, StringComparison.Ordinal));
        }

        w.WriteString("clientInfo"u8, "azsdk-net-Security.KeyVault.Secrets/4.6.0 (.NET 8.0.10; Ubuntu 22.04)"u8);
        w.WriteNumber("httpStatusCode"u8, 200);
        w.WriteString("requestUri"u8, uri + "?api-version=7.4");
        w.WriteBoolean("isAccessPolicyMatch"u8, true);
        w.WriteEndObject();
    }
}
