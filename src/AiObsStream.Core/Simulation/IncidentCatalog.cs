using System.Globalization;
using AiObsStream.Core.Incidents;

namespace AiObsStream.Core.Simulation;

/// <summary>Names, durations, targets, causes and documented effects of the simulator's incidents.</summary>
/// <remarks>
/// <list type="table">
/// <item><term>quality-drift</term><description>(cause quality-drift) chat-prod is released to 2024-11-20 at the minute;
/// evaluation scores of the new version drop (groundedness mean 4.4 → 3.3, relevance 4.3 → 3.7); lasts to the end of the run.</description></item>
/// <item><term>latency-regression</term><description>(cause unexplained: no release, no load change) chat-prod TTFT ×2
/// and time per output token ×2.5 for 10 minutes.</description></item>
/// <item><term>gpu-thermal</term><description>(cause gpu-hardware) aks-gpu-0 GPU 1 (chat-prod) loses cooling for 8
/// minutes: temperature climbs about 30 °C above normal, SM clock throttles from 1980 MHz towards 1300 MHz, power is capped.</description></item>
/// <item><term>spend-spike</term><description>(cause spend) chat-prod prompt tokens ×5 and request rate ×1.5 for 8 minutes.</description></item>
/// <item><term>429-storm</term><description>(cause capacity: a load rise hitting the rate limit) chat-mini request rate
/// ×1.5 and 40 % of its requests answered HTTP 429 for 5 minutes.</description></item>
/// <item><term>ingestion-gap</term><description>(cause ingestion) no Azure OpenAI diagnostic record is exported for 8
/// minutes (App Insights and DCGM keep flowing).</description></item>
/// <item><term>load-burst</term><description>(cause capacity) chat-prod request rate ×3–5 for 2–4 minutes; a queue builds
/// (TTFT and latency rise by up to seconds), time per token ×1.3, 3–12 % of calls answered HTTP 429; utilization and
/// power of aks-gpu-0 rise with the load.</description></item>
/// <item><term>version-regression</term><description>(cause version-regression) chat-prod is released to 2024-11-20 at
/// the minute and the new version is slower: TTFT ×2 and time per output token ×1.5–2 at unchanged load; lasts to the end.</description></item>
/// <item><term>benign-release</term><description>(a control, no cause: truth is "no incident") chat-prod is released to
/// 2024-11-20 at the minute with identical behaviour.</description></item>
/// <item><term>gpu-memory</term><description>(cause gpu-memory) the framebuffer of aks-gpu-0 GPU 0 (chat-prod) climbs
/// within 30 s to 95.5–98 % and stays there for 2–4 minutes.</description></item>
/// <item><term>gpu-idle</term><description>(cause gpu-underutilized) embed's traffic stops for 15 minutes while its GPU
/// (aks-gpu-1 GPU 1) stays allocated: utilization 0–2 %, power near idle.</description></item>
/// <item><term>caller-surge</term><description>(cause security) one caller of chat-prod (masked IP 10.20.7.***) adds half
/// the deployment's request rate for 8 minutes: its requests per minute rise about sevenfold, the deployment's by half.</description></item>
/// <item><term>secret-access</term><description>(cause security) chat-api's managed identity lists the Key Vault
/// kv-ai-prod and reads its secrets at 20 times its usual rate for 8 minutes (AccessSimulator).</description></item>
/// <item><term>key-exfiltration</term><description>(cause security) an identity never seen before lists the Azure OpenAI
/// account keys (Audit ListKey); from a minute later a new caller (10.20.12.***) adds 75 % of chat-prod's rate.</description></item>
/// <item><term>gpu-ecc</term><description>(cause gpu-hardware) aks-gpu-1 GPU 0 (chat-mini) counts one double-bit ECC
/// error and reports XID 48 from the minute on (the last XID stays, as dcgm-exporter reports it); the truth window is 2 minutes.</description></item>
/// <item><term>nvlink-errors</term><description>(cause network) the NVLink between the two GPUs of aks-gpu-0 (chat-prod)
/// counts 20–200 CRC flit and 5–50 replay errors per scrape for 4 minutes; chat-prod time per output token ×1.6
/// (its tensor-parallel all-reduce retries).</description></item>
/// <item><term>infiniband-link-flap</term><description>(cause network) the InfiniBand port mlx5_0 of aks-gpu-0 goes down
/// about every 40 s for 3 minutes, with 50–500 symbol errors per scrape and received data down by 80 %; chat-prod time per
/// output token ×1.6.</description></item>
/// <item><term>dependency-latency</term><description>(cause network) chat-prod's App Insights dependency calls spend
/// 400–800 ms (median, log-normal spread 0.5) more on the way to Azure OpenAI for 8 minutes: the dependency's
/// DurationMs rises, the AOAI log's durationMs (the model's own time) does not.</description></item>
/// <item><term>content-filter-jump</term><description>(cause security) a prompt-injection campaign on chat-prod: 5–15 % of
/// its calls (drawn per incident) are rejected by the content filter for 8 minutes (HTTP 400 in the AOAI log; the App
/// Insights dependency carries <c>error.type</c> <c>content_filter</c>), about 90 % of them from two callers (10.20.13.*** and
/// 10.20.14.***). The run also carries the content-filter base rate (<see cref="ContentFilterBaseShare"/> of chat calls'
/// prompts, half that of completions cut with finish reason <c>content_filter</c>), so the detector meets realistic noise.</description></item>
/// </list>
/// The network fields (dcgm-exporter NVLink counters, node-exporter InfiniBand port counters) are written only in runs
/// with a network incident, as an exporter configured for them would, so the other corpora stay as they were. In the same
/// way, content-filter outcomes are simulated only in runs with content-filter-jump or with
/// <see cref="SimulationOptions.ContentFilterBaseShare"/> set (the eval corpus has a healthy control run with the base rate).
/// Where a range is given, the value is drawn per incident from the seed and the incident's position in the list.
/// </remarks>
public static class IncidentCatalog
{
    private static readonly string[] Names =
    [
        "quality-drift", "latency-regression", "gpu-thermal", "spend-spike", "429-storm", "ingestion-gap",
        "load-burst", "version-regression", "benign-release", "gpu-memory", "gpu-idle", "gpu-ecc",
        "nvlink-errors", "infiniband-link-flap", "caller-surge", "secret-access", "key-exfiltration", "content-filter-jump",
        "dependency-latency",
    ];

    /// <summary>The share of chat prompts the content filter rejects in a run with content-filter-jump and no explicit
    /// <see cref="SimulationOptions.ContentFilterBaseShare"/> (0.2 %; completions cut: half of it).</summary>
    public const double ContentFilterBaseShare = 0.002;

    /// <summary>The third octet of the first of the two masked caller IPs of the content-filter-jump campaign (13 and 14).</summary>
    public const int CampaignCallerOctet = 13;

    /// <summary>The third octet of the masked caller IP that the caller-surge incident adds its traffic under.</summary>
    public const int SurgeCallerOctet = 7;

    /// <summary>The third octet of the masked caller IP of the key-exfiltration caller (outside the usual 1-11).</summary>
    public const int ExfiltrationCallerOctet = 12;

    /// <summary>The GPU that the gpu-memory incident fills (aks-gpu-0, GPU 0, chat-prod).</summary>
    public const int MemoryGpu = 0;

    /// <summary>The GPU that the gpu-ecc incident hits (aks-gpu-1, GPU 0, chat-mini).</summary>
    public const int EccGpu = 2;

    /// <summary>The GPU left idle by the gpu-idle incident (aks-gpu-1, GPU 1, embed).</summary>
    public const int IdleGpu = 3;

    /// <summary>Every kind of a minute-level run, in enum order (not <see cref="IncidentKind.LoadRamp"/>: a multi-day run of its own).</summary>
    public static IReadOnlyList<IncidentKind> All { get; } = Enum.GetValues<IncidentKind>().Where(k => k != IncidentKind.LoadRamp).ToArray();

    /// <summary>The accepted kind names, comma separated (for error messages and help).</summary>
    public static string KindList { get; } = string.Join(", ", All.Select(Name));

    /// <summary>The command-line name of <paramref name="kind"/>.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The name, for example <c>429-storm</c>.</returns>
    public static string Name(IncidentKind kind) => kind switch
    {
        // load-ramp (19) is a multi-day forecast scenario outside All and the array (see LoadRampSimulator)
        IncidentKind.LoadRamp => "load-ramp",
        _ => Names[(int)kind], // the enum values 0..18 are without gaps
    };

    /// <summary>Looks up a kind by its command-line name (ordinal, case-insensitive).</summary>
    /// <param name="name">The name.</param>
    /// <param name="kind">The kind found.</param>
    /// <returns>True when the name is known.</returns>
    public static bool TryParseKind(ReadOnlySpan<char> name, out IncidentKind kind)
    {
        foreach (var k in All)
        {
            if (name.Equals(Name(k), StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>The cause an incident layer should name; null for a control (<c>benign-release</c>: truth is no incident).</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The cause, or null.</returns>
    public static IncidentCause? Cause(IncidentKind kind) => kind switch
    {
        IncidentKind.QualityDrift => IncidentCause.QualityDrift,
        IncidentKind.LatencyRegression => IncidentCause.Unexplained,
        IncidentKind.GpuThermal or IncidentKind.GpuEcc => IncidentCause.GpuHardware,
        IncidentKind.SpendSpike => IncidentCause.Spend,
        IncidentKind.Http429Storm or IncidentKind.LoadBurst or IncidentKind.LoadRamp => IncidentCause.Capacity,
        IncidentKind.IngestionGap => IncidentCause.Ingestion,
        IncidentKind.VersionRegression => IncidentCause.VersionRegression,
        IncidentKind.GpuMemory => IncidentCause.GpuMemory,
        IncidentKind.GpuIdle => IncidentCause.GpuUnderutilized,
        IncidentKind.NvlinkErrors or IncidentKind.InfinibandLinkFlap or IncidentKind.DependencyLatency => IncidentCause.Network,
        IncidentKind.CallerSurge or IncidentKind.SecretAccess or IncidentKind.KeyExfiltration
            or IncidentKind.ContentFilterJump => IncidentCause.Security,
        _ => null,
    };

    /// <summary>True for the network kinds (the runs whose exporters report NVLink and InfiniBand counters).</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>True for nvlink-errors and infiniband-link-flap.</returns>
    public static bool IsNetwork(IncidentKind kind) => kind is IncidentKind.NvlinkErrors or IncidentKind.InfinibandLinkFlap;

    /// <summary>True for the kinds that release chat-prod to <see cref="SimFleet.ChatProdRelease"/> at their minute.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>True for quality-drift, version-regression and benign-release.</returns>
    public static bool IsRelease(IncidentKind kind) =>
        kind is IncidentKind.QualityDrift or IncidentKind.VersionRegression or IncidentKind.BenignRelease;

    /// <summary>How long the incident lasts at its nominal size; <see cref="TimeSpan.MaxValue"/> means to the end of the run.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The duration.</returns>
    public static TimeSpan Duration(IncidentKind kind) => Duration(kind, 0.5);

    /// <summary>How long the incident lasts; <see cref="TimeSpan.MaxValue"/> means to the end of the run.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="variation">The incident's draw in [0, 1): picks a value in the documented range (2–4 minutes).</param>
    /// <returns>The duration.</returns>
    public static TimeSpan Duration(IncidentKind kind, double variation) => kind switch
    {
        IncidentKind.QualityDrift or IncidentKind.VersionRegression or IncidentKind.BenignRelease => TimeSpan.MaxValue,
        IncidentKind.LatencyRegression => TimeSpan.FromMinutes(10),
        IncidentKind.Http429Storm => TimeSpan.FromMinutes(5),
        IncidentKind.LoadBurst or IncidentKind.GpuMemory => TimeSpan.FromMinutes(2 + Math.Floor(Math.Clamp(variation, 0, 0.999) * 3)),
        IncidentKind.GpuIdle => TimeSpan.FromMinutes(15),
        IncidentKind.GpuEcc => TimeSpan.FromMinutes(2),
        IncidentKind.NvlinkErrors => TimeSpan.FromMinutes(4),
        IncidentKind.InfinibandLinkFlap => TimeSpan.FromMinutes(3),
        _ => TimeSpan.FromMinutes(8),
    };

    /// <summary>The size of the effect for <paramref name="variation"/>: load-burst rate factor (3–5), version-regression
    /// time-per-token factor (1.5–2), gpu-memory peak share of the framebuffer (0.955–0.98), dependency-latency median
    /// milliseconds added on the way (400–800), content-filter-jump share of chat-prod calls filtered (0.05–0.15); 1 for the other kinds.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="variation">The incident's draw in [0, 1).</param>
    /// <returns>The factor.</returns>
    public static double Magnitude(IncidentKind kind, double variation) => kind switch
    {
        IncidentKind.LoadBurst => 3 + (2 * variation),
        IncidentKind.VersionRegression => 1.5 + (0.5 * variation),
        IncidentKind.GpuMemory => 0.955 + (0.025 * variation),
        IncidentKind.DependencyLatency => 400 + (400 * variation),
        IncidentKind.ContentFilterJump => 0.05 + (0.10 * variation),
        _ => 1,
    };

    /// <summary>The deployment the incident hits (the ingestion gap hits every deployment: empty).</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The deployment name or an empty string.</returns>
    public static string Deployment(IncidentKind kind) => kind switch
    {
        IncidentKind.Http429Storm or IncidentKind.GpuEcc => SimFleet.ChatMini,
        IncidentKind.GpuIdle => SimFleet.Embed,
        IncidentKind.IngestionGap or IncidentKind.SecretAccess or IncidentKind.KeyExfiltration => string.Empty, // the vault / the account
        _ => SimFleet.ChatProd,
    };

    /// <summary>The GPU host(s) in the incident's scope: the GPU's node for GPU faults, the nodes serving the deployment otherwise.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>Host names, sorted; empty for the ingestion gap.</returns>
    public static IReadOnlyList<string> Hosts(IncidentKind kind)
    {
        int gpu = kind switch
        {
            IncidentKind.GpuThermal => SimFleet.ThermalGpu,
            IncidentKind.GpuMemory => MemoryGpu,
            IncidentKind.GpuEcc => EccGpu,
            IncidentKind.GpuIdle => IdleGpu,
            _ => -1,
        };
        if (gpu >= 0)
        {
            return [SimFleet.Gpus[gpu].Host];
        }

        string deployment = Deployment(kind);
        var hosts = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var g in SimFleet.Gpus)
        {
            if (deployment.Length > 0 && SimFleet.Deployments[g.Deployment].Name == deployment)
            {
                hosts.Add(g.Host);
            }
        }

        return [.. hosts];
    }

    /// <summary>A one-line description of the effect at its nominal size (written to the ground truth).</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The description.</returns>
    public static string Effect(IncidentKind kind) => Effect(kind, 0.5);

    /// <summary>A one-line description of the effect (written to the ground truth).</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="variation">The incident's draw in [0, 1).</param>
    /// <returns>The description.</returns>
    public static string Effect(IncidentKind kind, double variation)
    {
        double m = Magnitude(kind, variation);
        return kind switch
        {
            IncidentKind.QualityDrift => "chat-prod released to 2024-11-20; groundedness mean 4.4 -> 3.3, relevance 4.3 -> 3.7 for the new version",
            IncidentKind.LatencyRegression => "chat-prod TTFT x2 and time per output token x2.5",
            IncidentKind.GpuThermal => "aks-gpu-0 gpu 1 cooling fault: temperature +30 C, SM clock throttled towards 1300 MHz, power capped",
            IncidentKind.SpendSpike => "chat-prod prompt tokens x5 and request rate x1.5",
            IncidentKind.Http429Storm => "chat-mini request rate x1.5 and 40% of its requests answered HTTP 429",
            IncidentKind.IngestionGap => "no Azure OpenAI diagnostic record exported (App Insights and DCGM keep flowing)",
            IncidentKind.LoadBurst => string.Create(CultureInfo.InvariantCulture,
                $"chat-prod request rate x{m:0.00}: queueing raises TTFT and latency, some HTTP 429, aks-gpu-0 utilization and power rise"),
            IncidentKind.VersionRegression => string.Create(CultureInfo.InvariantCulture,
                $"chat-prod released to 2024-11-20, slower: TTFT x2, time per output token x{m:0.00}, load unchanged"),
            IncidentKind.BenignRelease => "chat-prod released to 2024-11-20 with identical behaviour (control: no incident)",
            IncidentKind.GpuMemory => string.Create(CultureInfo.InvariantCulture,
                $"aks-gpu-0 gpu 0 framebuffer climbs to {m * 100:0.0}% of 81559 MiB"),
            IncidentKind.GpuIdle => "embed traffic stops; aks-gpu-1 gpu 1 stays allocated with utilization near 0",
            IncidentKind.NvlinkErrors => "aks-gpu-0 NVLink CRC flit and replay errors on both GPUs; chat-prod time per output token x1.6",
            IncidentKind.InfinibandLinkFlap => "aks-gpu-0 InfiniBand mlx5_0 port flaps (link down about every 40 s, symbol errors, rx -80%); chat-prod time per output token x1.6",
            IncidentKind.CallerSurge => "chat-prod: one caller (10.20.7.***) adds half the deployment's request rate",
            IncidentKind.SecretAccess => "kv-ai-prod: chat-api's identity lists and reads the vault's secrets at 20x its rate",
            IncidentKind.KeyExfiltration => "aoai-prod-eastus2: a new identity lists the account keys; a minute later a new caller (10.20.12.***) adds 75% of chat-prod's rate",
            IncidentKind.ContentFilterJump => string.Create(CultureInfo.InvariantCulture,
                $"chat-prod: {m * 100:0.0}% of calls rejected by the content filter (HTTP 400 content_filter), mostly from two callers (10.20.13-14.***)"),
            IncidentKind.DependencyLatency => string.Create(CultureInfo.InvariantCulture,
                $"chat-prod App Insights dependency calls spend {m:0} ms (median) more on the way to Azure OpenAI; the model's own time is unchanged"),
            _ => "aks-gpu-1 gpu 0: one double-bit ECC error and XID 48",
        };
    }

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
        IncidentKind.IngestionGap => ["ingestion-silence"],
        IncidentKind.LoadBurst => ["http-429-share", "ttft-p95", "latency-p95", "requests"],
        IncidentKind.VersionRegression => ["version-regression", "latency-p95", "ttft-p95"],
        IncidentKind.BenignRelease => [],
        IncidentKind.GpuMemory => ["gpu-memory"],
        IncidentKind.GpuIdle => ["gpu-underutilized"],
        IncidentKind.NvlinkErrors => ["network-nvlink-errors", "latency-p95"],
        IncidentKind.InfinibandLinkFlap => ["network-ib-link-down", "network-ib-errors", "latency-p95"],
        IncidentKind.CallerSurge => ["security_caller_surge"],
        IncidentKind.SecretAccess => ["security_secret_access_rate"],
        IncidentKind.KeyExfiltration => ["security_key_operation", "security_new_identity", "security_new_caller_share"],
        IncidentKind.DependencyLatency => ["network-dependency-path"],
        IncidentKind.ContentFilterJump => [Rules.DefaultRules.ContentFilterShare],
        _ => ["gpu-ecc-dbe", "gpu-xid-critical"],
    };
}
