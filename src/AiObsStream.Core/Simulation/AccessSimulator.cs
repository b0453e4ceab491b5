namespace AiObsStream.Core.Simulation;

/// <summary>
/// Generates the control-plane and secret accesses of a run (issue #15 §1): the fleet's identities reading their
/// secrets from the Key Vault, and the access incidents <c>secret-access</c> and <c>key-exfiltration</c>.
/// </summary>
/// <remarks>
/// Every app identity reads all its secrets at startup (the first seconds of the run), then one of them at random as a
/// Poisson stream of <see cref="SimIdentity.ReadsPerMinute"/>. secret-access: chat-api's identity enumerates and
/// reads the vault's secrets at <see cref="SecretAccessFactor"/> times its rate (SecretList, then SecretGet) for the
/// incident. key-exfiltration: an identity never seen before lists the Azure OpenAI account keys (Audit ListKey) in the
/// incident's first seconds; a new caller's traffic on chat-prod follows a minute later (<see cref="TrafficSimulator"/>).
/// Draws come from their own seeded generator, so the other streams of a run are unchanged.
/// </remarks>
public static class AccessSimulator
{
    /// <summary>The Key Vault the fleet reads its secrets from.</summary>
    public const string VaultResourceId =
        "/SUBSCRIPTIONS/4F1C2A7E-0B5D-4C1E-9A3B-7E2D1F0C6B8A/RESOURCEGROUPS/RG-AI-PROD/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV-AI-PROD";

    /// <summary>How many times its usual rate the secret-access identity reads during the incident.</summary>
    public const double SecretAccessFactor = 20;

    /// <summary>The identity that reads too much in secret-access (chat-api's managed identity).</summary>
    public const int SecretAccessIdentity = 0;

    /// <summary>The identity that lists the keys in key-exfiltration (seen nowhere else).</summary>
    public const int ExfiltrationIdentity = 3;

    /// <summary>The identities: chat-api, support-bot and search-indexer managed identities, and the outsider.</summary>
    public static IReadOnlyList<SimIdentity> Identities { get; } =
    [
        new("5d3c1f0a-8e2b-4c7d-9a61-0f4e2b7c9d13", "a1f0c2d4-6b8e-4f1a-9c3d-5e7b9a0c2d41", "10.20.1.14", 3,
            ["aoai-endpoint", "cosmos-conn", "redis-key"]),
        new("9b7e2a14-3c5d-4f60-8a1b-2c3d4e5f6a7b", "b2e1d3c5-7a9f-4e2b-8d4c-6f8a0b1c3e52", "10.20.2.27", 1.5,
            ["aoai-endpoint", "zendesk-token"]),
        new("c4a8e6f2-1b3d-4e5f-9a7c-8b6d4f2e0a19", "c3d2e4f6-8b0a-4f3c-9e5d-7a9b1c2d4f63", "10.20.3.40", 1,
            ["search-admin-key", "storage-sas"]),
        new("e7f9a1b3-5c7d-4e9f-8b1a-3c5e7a9b1d24", "04b07795-8ddb-461a-bbee-02f9e1bf7b46", "203.0.113.77", 0, []),
    ];

    /// <summary>Generates the accesses of a run, sorted by time.</summary>
    /// <param name="options">The run.</param>
    /// <returns>The accesses.</returns>
    public static IReadOnlyList<SimAccess> Generate(SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var timeline = new IncidentTimeline(options);
        var random = new SimRandom(unchecked((options.Seed * 92_821) + 17));
        var epoch = options.Start.UtcTicks;
        var accesses = new List<SimAccess>();
        var sequence = 0;
        void Add(double ms, bool keyVault, string operation, int identity, string secret) =>
            accesses.Add(new SimAccess(epoch + (long)((ms - timeline.StartMs) * TimeSpan.TicksPerMillisecond), keyVault,
                operation, identity, secret, random.Guid(), sequence++));

        for (var i = 0; i < Identities.Count; i++)
        {
            var id = Identities[i];
            if (id.ReadsPerMinute <= 0)
            {
                continue;
            }

            // Startup: the app reads every secret it needs.
            var t = timeline.StartMs + (random.Uniform() * 5_000);
            foreach (var secret in id.Secrets)
            {
                Add(t += 40 + (random.Uniform() * 200), true, "SecretGet", i, secret);
            }

            var enumerating = false;
            while (true)
            {
                var surge = i == SecretAccessIdentity && timeline.Active(IncidentKind.SecretAccess, t);
                var rate = id.ReadsPerMinute * (surge ? SecretAccessFactor : 1) / 60_000.0;
                t += random.Exponential(rate);
                if (t >= timeline.EndMs)
                {
                    break;
                }

                surge = i == SecretAccessIdentity && timeline.Active(IncidentKind.SecretAccess, t);
                if (surge && !enumerating)
                {
                    Add(t, true, "SecretList", i, string.Empty);
                }

                enumerating = surge;
                var pool = surge ? AllSecrets : id.Secrets;
                Add(t, true, "SecretGet", i, pool[random.Next(0, pool.Count)]);
            }
        }

        var exfiltration = timeline.StartOf(IncidentKind.KeyExfiltration);
        if (exfiltration != long.MaxValue)
        {
            Add(exfiltration + 5_000 + (random.Uniform() * 10_000), false, "ListKey", ExfiltrationIdentity, string.Empty);
        }

        accesses.Sort(static (a, b) => a.Ticks != b.Ticks ? a.Ticks.CompareTo(b.Ticks) : a.Sequence.CompareTo(b.Sequence));
        return accesses;
    }

    private static readonly IReadOnlyList<string> AllSecrets =
        [.. Identities.SelectMany(i => i.Secrets).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal), "sql-admin-password", "signing-cert-key"];
}
