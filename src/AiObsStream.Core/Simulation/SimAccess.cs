namespace AiObsStream.Core.Simulation;

/// <summary>One simulated control-plane or secret access: a Key Vault AuditEvent or an Azure OpenAI Audit record.</summary>
/// <param name="Ticks">Event time (.NET ticks, UTC).</param>
/// <param name="KeyVault">True for a Key Vault AuditEvent; false for an Azure OpenAI Audit record.</param>
/// <param name="Operation">The operation name (SecretGet, SecretList, ListKey...).</param>
/// <param name="Identity">Index into <see cref="AccessSimulator.Identities"/>.</param>
/// <param name="Secret">The secret read (Key Vault), or empty.</param>
/// <param name="CorrelationId">The record's correlation id.</param>
/// <param name="Sequence">Tie-breaker for records at the same tick.</param>
public readonly record struct SimAccess(long Ticks, bool KeyVault, string Operation, int Identity, string Secret,
    string CorrelationId, int Sequence);
