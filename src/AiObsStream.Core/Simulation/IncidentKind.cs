namespace AiObsStream.Core.Simulation;

/// <summary>The incidents the simulator can inject (command-line names in <see cref="IncidentCatalog"/>).</summary>
public enum IncidentKind
{
    /// <summary><c>quality-drift</c>: the chat-prod release to the new model version lowers evaluation scores.</summary>
    QualityDrift = 0,

    /// <summary><c>latency-regression</c>: chat-prod TTFT and time per token grow.</summary>
    LatencyRegression = 1,

    /// <summary><c>gpu-thermal</c>: one GPU overheats and throttles its SM clock.</summary>
    GpuThermal = 2,

    /// <summary><c>spend-spike</c>: chat-prod prompt tokens and request rate jump.</summary>
    SpendSpike = 3,

    /// <summary><c>429-storm</c>: chat-mini hits its rate limit and many requests get HTTP 429.</summary>
    Http429Storm = 4,

    /// <summary><c>ingestion-gap</c>: the Azure OpenAI diagnostic export stops delivering records.</summary>
    IngestionGap = 5,

    /// <summary><c>load-burst</c>: chat-prod traffic ×3–5 for 2–4 minutes; queueing raises TTFT and latency, some calls get HTTP 429.</summary>
    LoadBurst = 6,

    /// <summary><c>version-regression</c>: chat-prod is released to a slower model version (TTFT ×2, latency ×1.5–2) at unchanged load.</summary>
    VersionRegression = 7,

    /// <summary><c>benign-release</c>: chat-prod is released to a new model version that behaves the same (a control: no incident).</summary>
    BenignRelease = 8,

    /// <summary><c>gpu-memory</c>: the framebuffer of one GPU climbs above 95 % for 2–4 minutes.</summary>
    GpuMemory = 9,

    /// <summary><c>gpu-idle</c>: embed's traffic stops for 15 minutes while its GPU stays allocated (utilization near 0).</summary>
    GpuIdle = 10,

    /// <summary><c>gpu-ecc</c>: one GPU reports a double-bit ECC error and XID 48.</summary>
    GpuEcc = 11,

    /// <summary>NVLink CRC and replay errors between the GPUs of aks-gpu-0; chat-prod (tensor parallel over them) slows.</summary>
    NvlinkErrors = 12,

    /// <summary>The InfiniBand port of aks-gpu-0 GPU 0 flaps (link down, symbol errors, data stalls); chat-prod slows.</summary>
    InfinibandLinkFlap = 13,

    /// <summary><c>caller-surge</c>: one caller of chat-prod (a stolen key, a runaway agent) adds half the deployment's rate for 8 minutes.</summary>
    CallerSurge = 14,

    /// <summary><c>secret-access</c>: chat-api's identity enumerates and reads the Key Vault's secrets at twenty times its rate for 8 minutes.</summary>
    SecretAccess = 15,

    /// <summary><c>key-exfiltration</c>: an identity never seen before lists the account keys (ListKey); a new caller's traffic on chat-prod follows.</summary>
    KeyExfiltration = 16,

    /// <summary><c>content-filter-jump</c>: a prompt-injection campaign on chat-prod: 5–15 % of its calls are rejected by the content filter (HTTP 400 <c>content_filter</c>) for 8 minutes, mostly from two callers.</summary>
    ContentFilterJump = 17,

    /// <summary><c>dependency-latency</c>: chat-prod's calls spend 400–800 ms more on the way to Azure OpenAI (App Insights dependency duration rises, the model's own time does not).</summary>
    DependencyLatency = 18,

    /// <summary>
    /// <c>load-ramp</c>: chat-prod's load grows day over day until its GPUs saturate (<see cref="LoadRampSimulator"/>: days
    /// of sparse GPU telemetry, not a minute-level run; not in <see cref="IncidentCatalog.All"/> and not an <c>--incident</c>).
    /// </summary>
    LoadRamp = 19,
}
