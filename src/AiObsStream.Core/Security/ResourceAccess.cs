namespace AiObsStream.Core.Security;

/// <summary>The identities of one Key Vault or Azure OpenAI account (by resource id) and its open window.</summary>
internal sealed class ResourceAccess
{
    public ResourceAccess(string resource, string source, string deployment, int topK)
    {
        Resource = resource;
        Source = source;
        Deployment = deployment;
        Identities = new SpaceSaving(topK);
        Slots = new AccessSlot[topK];
        for (var i = 0; i < topK; i++)
        {
            Slots[i] = new AccessSlot();
        }
    }

    /// <summary>The resource id as sent (the vault or account).</summary>
    public string Resource { get; }

    /// <summary>The alert Source column: <c>KeyVault</c> or <c>AzureOpenAI</c>.</summary>
    public string Source { get; }

    /// <summary>The deployment of the records, when they name one (control-plane records usually do not).</summary>
    public string Deployment { get; }

    /// <summary>The tracked identities (Space-Saving top-K).</summary>
    public SpaceSaving Identities { get; }

    /// <summary>Per-slot state beside <see cref="Identities"/>.</summary>
    public AccessSlot[] Slots { get; }

    /// <summary>Hashes of every identity seen (bounded by the options), for the first-seen rule.</summary>
    public HashSet<ulong> Known { get; } = [];

    /// <summary>Start of the open window; <see cref="long.MinValue"/> when none is open.</summary>
    public long WindowStart = long.MinValue;
}
