namespace AiObsStream.Core.Security;

/// <summary>The rule names (and metrics) of the security alerts: the <c>Rule</c> column of alerts.jsonl.</summary>
public static class SecurityRules
{
    /// <summary>A caller's requests or tokens per window jump far above its own baseline (stolen key, runaway agent).</summary>
    public const string CallerSurge = "security_caller_surge";

    /// <summary>A caller without history takes a large share of a deployment's consumption.</summary>
    public const string NewCallerShare = "security_new_caller_share";

    /// <summary>A caller's responses are far larger than its own and the deployment's usual size (exfiltration signal).</summary>
    public const string LargeResponses = "security_large_responses";

    /// <summary>Metric of the surge and share alerts: tokens per window of one caller (requests when no tokens).</summary>
    public const string CallerTokens = "caller_tokens";

    /// <summary>Metric of the share alert: the caller's fraction of the deployment's window.</summary>
    public const string CallerShare = "caller_share";

    /// <summary>Metric of the large-responses alert: mean response bytes per request.</summary>
    public const string CallerResponseBytes = "caller_response_bytes";

    /// <summary>The <c>OtherDims</c> key that carries the caller identifier, as it arrived (never enriched).</summary>
    public const string CallerDim = "Caller";

    /// <summary>An identity's secret and key reads per window jump far above its own baseline (issue #15 §1 control plane).</summary>
    public const string SecretAccessRate = "security_secret_access_rate";

    /// <summary>An identity never seen on the vault or account before reads secrets or keys, after the warm-up.</summary>
    public const string NewIdentity = "security_new_identity";

    /// <summary>An identity accesses secrets or keys in an hour of day it is not usually active in (trained profile).</summary>
    public const string OffHoursAccess = "security_off_hours_access";

    /// <summary>An Azure OpenAI account's keys were listed or regenerated (Audit ListKey / RegenerateKey): each is notable.</summary>
    public const string KeyOperation = "security_key_operation";

    /// <summary>The <c>OtherDims</c> key that carries the identity (object id, app id, UPN or caller IP) as it arrived.</summary>
    public const string IdentityDim = "Identity";

    /// <summary>The <c>OtherDims</c> key that carries the vault or account resource id.</summary>
    public const string ResourceDim = "Resource";

    /// <summary>Whether <paramref name="rule"/> is one of the security rules.</summary>
    public static bool IsSecurityRule(string rule) => rule.StartsWith("security_", StringComparison.Ordinal);
}
