using System.IO.Compression;
using Azure.Core;

namespace AiObsStream.LogAnalytics;

/// <summary>Settings of the Log Analytics (Logs Ingestion API) sink.</summary>
/// <remarks>Validated by <see cref="LogAnalyticsOptionsValidator"/> when the sink is created.</remarks>
public sealed record LogAnalyticsOptions
{
    /// <summary>Largest body the service accepts (1 MiB), compressed and uncompressed.</summary>
    public const int ServiceLimitBytes = 1_048_576;

    /// <summary>Environment variable holding a static bearer token (tests, emergencies); it wins over the credential.</summary>
    public const string TokenEnvironmentVariable = "AIOBS_LOGANALYTICS_TOKEN";

    /// <summary>Logs ingestion endpoint (DCE or the DCR's own endpoint). Must be https; http only on loopback.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>Immutable id of the data collection rule (<c>dcr-…</c>).</summary>
    public string DcrImmutableId { get; init; } = string.Empty;

    /// <summary>DCR input stream for metric rows.</summary>
    public string MetricsStream { get; init; } = "Custom-AiObsMetrics_CL";

    /// <summary>DCR input stream for alert events.</summary>
    public string AlertsStream { get; init; } = "Custom-AiObsAlerts_CL";

    /// <summary>DCR input stream for incident state changes (table AiObsIncidents_CL).</summary>
    public string IncidentsStream { get; init; } = "Custom-AiObsIncidents_CL";

    /// <summary>DCR input stream for decided actions and their answers (table AiObsActions_CL).</summary>
    public string ActionsStream { get; init; } = "Custom-AiObsActions_CL";

    /// <summary>Folder of the durable spool (undeliverable batches, resumed after a restart).</summary>
    public string SpoolDirectory { get; init; } = string.Empty;

    /// <summary>Spool size limit; past it the oldest batches are dropped (counted and reported).</summary>
    public long SpoolLimitBytes { get; init; } = 1L << 30;

    /// <summary>Target uncompressed batch size (the SDK uses 1,000,000); at most <see cref="ServiceLimitBytes"/>.</summary>
    public int MaxBatchBytes { get; init; } = 1_000_000;

    /// <summary>Batches buffered in memory between the engine and the sender; past it batches go to the spool.</summary>
    public int QueueCapacity { get; init; } = 16;

    /// <summary>Timeout of one HTTP attempt.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of one batch on 408/429/5xx/timeouts before it is spooled.</summary>
    public int MaxRetryAttempts { get; init; } = 5;

    /// <summary>First retry delay (exponential with jitter).</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap of the exponential retry delay and of an honoured Retry-After.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Cap of the delay between attempts to drain the spool while the service is failing.</summary>
    public TimeSpan SpoolProbeMaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long <see cref="LogAnalyticsSink.DisposeAsync"/> keeps trying to drain before leaving the rest spooled.</summary>
    public TimeSpan ShutdownDrainTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Gzip level of request bodies.</summary>
    public CompressionLevel Compression { get; init; } = CompressionLevel.Optimal;

    /// <summary>Token scope (public cloud; China <c>https://monitor.azure.cn//.default</c>, Gov <c>https://monitor.azure.us//.default</c>).</summary>
    public string Scope { get; init; } = "https://monitor.azure.com//.default";

    /// <summary>Credential; null means DefaultAzureCredential (unless the token environment variable is set).</summary>
    public TokenCredential? Credential { get; init; }

    /// <summary>Static bearer token (overrides <see cref="Credential"/>); the CLI fills it from the environment variable.</summary>
    public string? StaticToken { get; init; }

    /// <summary>Receives warnings and state changes (rate-limited: one line per change of state, not per request).</summary>
    public Action<string>? Diagnostics { get; init; }
}
