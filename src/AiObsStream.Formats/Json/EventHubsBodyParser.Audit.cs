using AiObsStream.Core.Events;

namespace AiObsStream.Formats.Json;

/// <content>
/// Control-plane and secret access records (issue #15 §1): Azure OpenAI <c>Audit</c> and Key Vault <c>AuditEvent</c>.
/// </content>
/// <remarks>
/// <para>Azure OpenAI Audit (formats.md §1.2; Elastic's <c>packages/azure_openai/.../test-open-ai-audit.log</c>):
/// <c>{"category":"Audit","operationName":"ListKey","properties":{"objectId":"…"},"resourceId":"…/ACCOUNTS/…","time":"…"}</c>.
/// The identity is <c>properties.objectId</c>, else <c>callerIpAddress</c>; a record with neither is still counted in
/// <c>audit_events</c>, as before, but names no identity.</para>
/// <para>Key Vault AuditEvent (Microsoft Learn, "Azure Key Vault logging", the VaultGet sample; a captured SecretGet
/// record with short claims): <c>operationName</c> (SecretGet, SecretList, KeyGet…), <c>identity.claim</c> (<c>oid</c>
/// or the objectidentifier claim URI, <c>appid</c>, <c>upn</c> or the upn claim URI), <c>callerIpAddress</c>,
/// <c>resultSignature</c> ("OK", "Unauthorized": text, not read), <c>properties.httpStatusCode</c>, <c>durationMs</c>
/// (a string), <c>resourceId</c> (the vault). The identity is the object id, else the app id, the UPN, else the caller
/// IP (an unauthenticated request carries no claims), kept as sent and never logged.</para>
/// </remarks>
public sealed partial class EventHubsBodyParser
{
    private static readonly JsonField[] KeyVaultNumbers = [JsonField.HttpStatus];

    private ParseError? AddAudit(EventBuffer output, int index)
    {
        var s = _reader.Scratch;
        if (LongCaller(index) is { } longCaller)
        {
            return longCaller;
        }

        var dims = _dims.Get(TelemetrySource.AzureOpenAI, default, default, default, s.Text(JsonField.OperationName),
            s.Text(JsonField.Resource), default);
        var e = TelemetryEvent.NewSample(EventKind.Audit, s.TimeUnixMs, dims, MetricNames.AuditEvents, 1);
        var identity = s.Text(JsonField.ObjectId);
        if (identity.IsEmpty)
        {
            identity = s.Text(JsonField.CallerIp);
        }

        e.Detail = identity.IsEmpty ? null : _strings.Get(identity);
        e.DedupKey = Dedup(TelemetrySource.AzureOpenAI, s.Text(JsonField.CorrelationId), default);
        output.Add(e);
        return null;
    }

    private ParseError? AddKeyVaultAccess(EventBuffer output, int index)
    {
        var s = _reader.Scratch;
        if (s.Problem(JsonField.Identity) is { } badIdentity)
        {
            return Reject(RejectReason.InvalidValue, index, badIdentity);
        }

        if (Implausible(index, KeyVaultNumbers) is { } implausible)
        {
            return implausible;
        }

        if (!s.Has(JsonField.OperationName))
        {
            return Reject(RejectReason.UnknownShape, index, "operationName: missing (a Key Vault AuditEvent names its operation)");
        }

        if (!s.Has(JsonField.Resource))
        {
            return Reject(RejectReason.UnknownShape, index, "resourceId: missing (a Key Vault AuditEvent names its vault)");
        }

        var identity = IdentityOf(out var key);
        if (identity.IsEmpty)
        {
            return Reject(RejectReason.InvalidValue, index,
                "identity: missing (no identity.claim oid, appid or upn, and no callerIpAddress)");
        }

        if (identity.Length > MaxCallerBytes)
        {
            return Reject(RejectReason.InvalidValue, index,
                $"{key}: {identity.Length} bytes, longer than the {MaxCallerBytes} an identity may have");
        }

        var dims = _dims.Get(TelemetrySource.AzureOpenAI, default, default, default, s.Text(JsonField.OperationName),
            s.Text(JsonField.Resource), default);
        var e = TelemetryEvent.NewSample(EventKind.SecretAccess, s.TimeUnixMs, dims, MetricNames.AuditEvents, 1);
        e.Status = StatusOf(s.Number(JsonField.HttpStatus));
        e.Success = e.Status is >= 200 and <= 399;
        e.Detail = _strings.Get(identity);
        // correlationId is optional and chosen by the client (often empty, possibly reused): only with the time and
        // operation does it name one access; without it nothing is deduplicated.
        var correlation = s.Text(JsonField.CorrelationId);
        e.DedupKey = correlation.IsEmpty ? 0
            : StableHash64.Combine(Dedup(TelemetrySource.AzureOpenAI, correlation, s.Text(JsonField.OperationName)), (ulong)s.TimeUnixMs);
        output.Add(e);
        return null;
    }

    /// <summary>The Key Vault identity (see the remarks) and the key it came from, for messages.</summary>
    private ReadOnlySpan<byte> IdentityOf(out string key)
    {
        var s = _reader.Scratch;
        foreach (var (field, name) in (ReadOnlySpan<(JsonField, string)>)[
            (JsonField.ObjectId, "identity.claim.oid"), (JsonField.AppId, "identity.claim.appid"),
            (JsonField.Upn, "identity.claim.upn"), (JsonField.CallerIp, "callerIpAddress")])
        {
            if (s.Has(field) && !s.Text(field).IsEmpty)
            {
                key = name;
                return s.Text(field);
            }
        }

        key = "identity";
        return default;
    }
}
