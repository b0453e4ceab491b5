using System.Net;

namespace AiObsStream.LogAnalytics;

/// <summary>Checks <see cref="LogAnalyticsOptions"/> at startup; every message names the setting (and its CLI flag).</summary>
public static class LogAnalyticsOptionsValidator
{
    /// <summary>Returns the configuration errors (empty when valid) and the warnings (e.g. http on loopback).</summary>
    public static IReadOnlyList<string> Validate(LogAnalyticsOptions options, out IReadOnlyList<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var warn = new List<string>();
        ValidateEndpoint(options.Endpoint, errors, warn);
        if (!IsToken(options.DcrImmutableId, allowUnderscore: false))
        {
            errors.Add($"DcrImmutableId (--dcr): '{options.DcrImmutableId}' is not a DCR immutable id (e.g. dcr-000a00a000a00000a000000aa000a0aa).");
        }

        if (!IsToken(options.MetricsStream, allowUnderscore: true))
        {
            errors.Add($"MetricsStream (--la-metrics-stream): '{options.MetricsStream}' is not a stream name (letters, digits, '-', '_'; e.g. Custom-AiObsMetrics_CL).");
        }

        if (!IsToken(options.AlertsStream, allowUnderscore: true))
        {
            errors.Add($"AlertsStream (--la-alerts-stream): '{options.AlertsStream}' is not a stream name (letters, digits, '-', '_'; e.g. Custom-AiObsAlerts_CL).");
        }

        if (!IsToken(options.IncidentsStream, allowUnderscore: true))
        {
            errors.Add($"IncidentsStream (--la-incidents-stream): '{options.IncidentsStream}' is not a stream name (letters, digits, '-', '_'; e.g. Custom-AiObsIncidents_CL).");
        }

        if (!IsToken(options.ActionsStream, allowUnderscore: true))
        {
            errors.Add($"ActionsStream: '{options.ActionsStream}' is not a stream name (letters, digits, '-', '_'; e.g. Custom-AiObsActions_CL).");
        }

        if (string.IsNullOrWhiteSpace(options.SpoolDirectory))
        {
            errors.Add("SpoolDirectory (--spool): required (undeliverable rows are kept there).");
        }

        Range(errors, options.MaxBatchBytes is >= 1024 and <= LogAnalyticsOptions.ServiceLimitBytes, "MaxBatchBytes", $"must be 1024..{LogAnalyticsOptions.ServiceLimitBytes} (the service limit is 1 MiB)");
        Range(errors, options.SpoolLimitBytes >= 2L * options.MaxBatchBytes, "SpoolLimitBytes", "must hold at least two batches (>= 2 x MaxBatchBytes)");
        Range(errors, options.QueueCapacity is >= 1 and <= 1024, "QueueCapacity", "must be 1..1024 batches");
        Range(errors, options.MaxRetryAttempts is >= 0 and <= 100, "MaxRetryAttempts", "must be 0..100");
        Range(errors, options.RequestTimeout > TimeSpan.Zero, "RequestTimeout", "must be > 0");
        Range(errors, options.RetryBaseDelay > TimeSpan.Zero && options.RetryMaxDelay >= options.RetryBaseDelay, "RetryBaseDelay/RetryMaxDelay", "must be > 0 with RetryMaxDelay >= RetryBaseDelay");
        Range(errors, options.SpoolProbeMaxDelay > TimeSpan.Zero, "SpoolProbeMaxDelay", "must be > 0");
        Range(errors, options.ShutdownDrainTimeout >= TimeSpan.Zero, "ShutdownDrainTimeout", "must be >= 0");
        Range(errors, !string.IsNullOrWhiteSpace(options.Scope), "Scope", "required (e.g. https://monitor.azure.com//.default)");
        warnings = warn;
        return errors;
    }

    /// <summary>Throws <see cref="LogAnalyticsConfigException"/> listing every error; returns the warnings.</summary>
    /// <exception cref="LogAnalyticsConfigException">The options are invalid.</exception>
    public static IReadOnlyList<string> ThrowIfInvalid(LogAnalyticsOptions options)
    {
        var errors = Validate(options, out var warnings);
        return errors.Count == 0
            ? warnings
            : throw new LogAnalyticsConfigException("Log Analytics configuration: " + string.Join(" ", errors));
    }

    /// <summary>True for localhost, 127.0.0.0/8 and ::1.</summary>
    internal static bool IsLoopback(Uri uri) =>
        string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    private static void ValidateEndpoint(Uri? endpoint, List<string> errors, List<string> warnings)
    {
        if (endpoint is null || !endpoint.IsAbsoluteUri)
        {
            errors.Add("Endpoint (--log-analytics): required, an absolute https URL of the data collection endpoint (e.g. https://my-dce-5kyl.eastus-1.ingest.monitor.azure.com).");
            return;
        }

        if (!string.IsNullOrEmpty(endpoint.Query) || !string.IsNullOrEmpty(endpoint.Fragment))
        {
            errors.Add($"Endpoint (--log-analytics): '{endpoint}' must not have a query or fragment.");
        }

        if (endpoint.Scheme == Uri.UriSchemeHttps)
        {
            return;
        }

        if (endpoint.Scheme == Uri.UriSchemeHttp && IsLoopback(endpoint))
        {
            warnings.Add($"Endpoint (--log-analytics): '{endpoint}' is plain http; allowed only because it is a loopback address (testing).");
            return;
        }

        errors.Add($"Endpoint (--log-analytics): '{endpoint}' must be https (http is accepted only on loopback: 127.0.0.0/8, ::1, localhost).");
    }

    private static bool IsToken(string? value, bool allowUnderscore)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 256)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && !(allowUnderscore && c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static void Range(List<string> errors, bool ok, string setting, string rule)
    {
        if (!ok)
        {
            errors.Add($"{setting}: {rule}.");
        }
    }
}
