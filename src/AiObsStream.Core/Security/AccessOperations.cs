namespace AiObsStream.Core.Security;

/// <summary>How <see cref="AccessMonitor"/> reads an operation name (the record's <c>operationName</c>, as sent).</summary>
/// <remarks>
/// Key Vault AuditEvent names (Microsoft Learn, "Azure Key Vault logging", operations table): <c>SecretGet</c>,
/// <c>SecretList</c>, <c>SecretListVersions</c>, <c>KeyGet</c>, <c>KeySign</c>, <c>KeyUnwrap</c>, <c>CertificateGet</c>...
/// are data-plane reads of secret material; <c>VaultGet</c>, <c>Authentication</c> and the like are not. Azure OpenAI
/// (Cognitive Services) Audit names: <c>ListKey</c> (formats.md §1.2, Elastic's <c>test-open-ai-audit.log</c>) and
/// <c>RegenerateKey</c>. Matching ignores ASCII case.
/// </remarks>
public static class AccessOperations
{
    /// <summary>Whether a Key Vault operation reads or uses secret material (secrets, keys, certificates).</summary>
    public static bool IsSecretRead(string operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return operation.StartsWith("Secret", StringComparison.OrdinalIgnoreCase)
            || operation.StartsWith("Key", StringComparison.OrdinalIgnoreCase)
            || operation.StartsWith("Certificate", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Whether an Azure OpenAI Audit operation lists the account keys.</summary>
    public static bool IsKeyList(string operation) =>
        operation is not null && operation.Contains("ListKey", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether an Azure OpenAI Audit operation regenerates an account key.</summary>
    public static bool IsKeyRegenerate(string operation) =>
        operation is not null && operation.Contains("RegenerateKey", StringComparison.OrdinalIgnoreCase);
}
