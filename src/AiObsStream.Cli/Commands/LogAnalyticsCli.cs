using System.CommandLine;
using AiObsStream.LogAnalytics;
using AiObsStream.Pipeline.Sinks;

namespace AiObsStream.Cli.Commands;

/// <summary><c>aiobs run</c> options for the Log Analytics sink (kept apart so RunCommand changes stay small).</summary>
internal static class LogAnalyticsCli
{
    private static readonly Option<string?> Endpoint = new("--log-analytics")
    {
        Description = "Logs Ingestion endpoint (DCE or DCR endpoint, https). Results then also go to Log Analytics. Auth: DefaultAzureCredential, or a token in AIOBS_LOGANALYTICS_TOKEN.",
    };

    private static readonly Option<string?> Dcr = new("--dcr") { Description = "Immutable id of the data collection rule (dcr-...). Required with --log-analytics." };

    private static readonly Option<string?> MetricsStream = new("--la-metrics-stream") { Description = "DCR stream for metric rows (default Custom-AiObsMetrics_CL)." };

    private static readonly Option<string?> AlertsStream = new("--la-alerts-stream") { Description = "DCR stream for alert events (default Custom-AiObsAlerts_CL)." };

    private static readonly Option<string?> IncidentsStream = new("--la-incidents-stream") { Description = "DCR stream for incident state changes (default Custom-AiObsIncidents_CL)." };

    private static readonly Option<string?> Spool = new("--spool") { Description = "Folder for rows not yet delivered to Log Analytics (default: <out>/la-spool); resumed on the next run." };

    public static void AddTo(Command command)
    {
        command.Options.Add(Endpoint);
        command.Options.Add(Dcr);
        command.Options.Add(MetricsStream);
        command.Options.Add(AlertsStream);
        command.Options.Add(IncidentsStream);
        command.Options.Add(Spool);
    }

    /// <summary>The sink options, or null when --log-analytics is not given.</summary>
    /// <exception cref="LogAnalyticsConfigException">A setting is invalid (the message names the option).</exception>
    public static LogAnalyticsOptions? Parse(ParseResult parse, string outDir)
    {
        if (parse.GetValue(Endpoint) is not { } endpoint)
        {
            return parse.GetValue(Dcr) is null ? null : throw new LogAnalyticsConfigException("--dcr needs --log-analytics ENDPOINT.");
        }

        var defaults = new LogAnalyticsOptions();
        var options = new LogAnalyticsOptions
        {
            Endpoint = Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) ? uri : null,
            DcrImmutableId = parse.GetValue(Dcr) ?? string.Empty,
            MetricsStream = parse.GetValue(MetricsStream) ?? defaults.MetricsStream,
            AlertsStream = parse.GetValue(AlertsStream) ?? defaults.AlertsStream,
            IncidentsStream = parse.GetValue(IncidentsStream) ?? defaults.IncidentsStream,
            SpoolDirectory = parse.GetValue(Spool) ?? Path.Combine(outDir, "la-spool"),
            StaticToken = Environment.GetEnvironmentVariable(LogAnalyticsOptions.TokenEnvironmentVariable),
            Diagnostics = Console.Error.WriteLine,
        };
        LogAnalyticsOptionsValidator.ThrowIfInvalid(options);
        return options;
    }

    /// <summary>The Log Analytics sink, or null when --log-analytics is not given.</summary>
    public static LogAnalyticsSink? CreateLogAnalytics(LogAnalyticsOptions? options) => options is null ? null : new LogAnalyticsSink(options);

    /// <summary>The file sink alone, or the file sink plus Log Analytics.</summary>
    public static IOutputSink CreateSink(LogAnalyticsOptions? options, IOutputSink files) =>
        options is null ? files : new CompositeOutputSink(files, new LogAnalyticsSink(options));
}
