namespace AiObsStream.Core.Simulation;

/// <summary>Names, durations, targets and documented effects of the simulator's incidents.</summary>
/// <remarks>
/// <list type="table">
/// <item><term>quality-drift</term><description>chat-prod is released to 2024-11-20 at the minute; evaluation scores of the
/// new version drop (groundedness mean 4.4 → 3.3, relevance 4.3 → 3.7); lasts to the end of the run.</description></item>
/// <item><term>latency-regression</term><description>chat-prod TTFT ×2 and time per output token ×2.5 for 10 minutes.</description></item>
/// <item><term>gpu-thermal</term><description>aks-gpu-0 GPU 1 (chat-prod) loses cooling for 8 minutes: temperature climbs
/// about 30 °C above normal, SM clock throttles from 1980 MHz towards 1300 MHz, power is capped.</description></item>
/// <item><term>spend-spike</term><description>chat-prod prompt tokens ×5 and request rate ×1.5 for 8 minutes.</description></item>
/// <item><term>429-storm</term><description>chat-mini request rate ×1.5 and 40 % of its requests answered HTTP 429 for 5 minutes.</description></item>
/// <item><term>ingestion-gap</term><description>no Azure OpenAI diagnostic record is exported for 8 minutes (App Insights
/// and DCGM keep flowing).</description></item>
/// </list>
/// </remarks>
public static class IncidentCatalog
{
    private static readonly string[] Names =
        ["quality-drift", "latency-regression", "gpu-thermal", "spend-spike", "429-storm", "ingestion-gap"];

    /// <summary>The accepted kind names, comma separated (for error messages and help).</summary>
    public static string KindList { get; } = string.Join(", ", Names);

    /// <summary>The command-line name of <paramref name="kind"/>.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The name, for example <c>429-storm</c>.</returns>
    public static string Name(IncidentKind kind) => Names[(int)kind];

    /// <summary>Looks up a kind by its command-line name (ordinal, case-insensitive).</summary>
    /// <param name="name">The name.</param>
    /// <param name="kind">The kind found.</param>
    /// <returns>True when the name is known.</returns>
    public static bool TryParseKind(ReadOnlySpan<char> name, out IncidentKind kind)
    {
        for (int i = 0; i < Names.Length; i++)
        {
            if (name.Equals(Names[i], StringComparison.OrdinalIgnoreCase))
            {
                kind = (IncidentKind)i;
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>How long the incident lasts; <see cref="TimeSpan.MaxValue"/> means to the end of the run.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The duration.</returns>
    public static TimeSpan Duration(IncidentKind kind) => kind switch
    {
        IncidentKind.QualityDrift => TimeSpan.MaxValue,
        IncidentKind.LatencyRegression => TimeSpan.FromMinutes(10),
        IncidentKind.Http429Storm => TimeSpan.FromMinutes(5),
        _ => TimeSpan.FromMinutes(8),
    };

    /// <summary>The deployment the incident hits (the ingestion gap hits every deployment: empty).</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The deployment name or an empty string.</returns>
    public static string Deployment(IncidentKind kind) => kind switch
    {
        IncidentKind.Http429Storm => SimFleet.ChatMini,
        IncidentKind.IngestionGap => string.Empty,
        _ => SimFleet.ChatProd,
    };

    /// <summary>A one-line description of the effect (written to the ground truth).</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The description.</returns>
    public static string Effect(IncidentKind kind) => kind switch
    {
        IncidentKind.QualityDrift => "chat-prod released to 2024-11-20; groundedness mean 4.4 -> 3.3, relevance 4.3 -> 3.7 for the new version",
        IncidentKind.LatencyRegression => "chat-prod TTFT x2 and time per output token x2.5",
        IncidentKind.GpuThermal => "aks-gpu-0 gpu 1 cooling fault: temperature +30 C, SM clock throttled towards 1300 MHz, power capped",
        IncidentKind.SpendSpike => "chat-prod prompt tokens x5 and request rate x1.5",
        IncidentKind.Http429Storm => "chat-mini request rate x1.5 and 40% of its requests answered HTTP 429",
        _ => "no Azure OpenAI diagnostic record exported (App Insights and DCGM keep flowing)",
    };

    /// <summary>The alerts or metrics a detector is expected to show during the incident.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>Rule or metric names.</returns>
    public static IReadOnlyList<string> ExpectedSignals(IncidentKind kind) => kind switch
    {
        IncidentKind.QualityDrift => ["evaluation:groundedness", "evaluation:relevance", "version-regression"],
        IncidentKind.LatencyRegression => ["latency-p95", "ttft-p95"],
        IncidentKind.GpuThermal => ["gpu-temperature", "sm_clock_mhz"],
        IncidentKind.SpendSpike => ["tokens_prompt", "tokens_total", "cost"],
        IncidentKind.Http429Storm => ["http-429-share"],
        _ => ["ingestion-silence"],
    };
}
