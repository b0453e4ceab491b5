using AiObsStream.Cli.Configuration.Sections;
using AiObsStream.Core.Windows;
using AiObsStream.Pipeline.Configuration;
using AiObsStream.Pipeline.Engine;

namespace AiObsStream.Cli.Configuration;

/// <summary>
/// The one place where bound settings become the Core option records: what a setting leaves unset keeps the record's
/// default, rules and signals merge over the built-in ones by name in file order.
/// </summary>
/// <remarks>
/// Called by the section validators (to run each record's own validation) and, once every section is valid, to compose
/// <see cref="EngineOptions"/>; on valid settings it does not throw.
/// </remarks>
internal static partial class EngineOptionsMapping
{
    /// <summary>The engine options of a validated configuration.</summary>
    public static EngineOptions Map(ConfigDocument document, ValidatedSettings s)
    {
        var options = new EngineOptions();
        options = options with
        {
            EventTime = EventTime(s.EventTime, options.EventTime),
            MetricsEmit = s.Output.Metrics is { } emit ? EmitPolicies.Parse(emit, "output.metrics") : options.MetricsEmit,
            Rules = Rules(document, s.Rules, options.Rules),
            Anomaly = Anomaly(document, s.Anomaly, options.Anomaly),
            Regression = Regression(document, s.Regression, options.Regression),
            Notifications = Notifications(s.Notifications, options.Notifications),
            Incidents = Incidents(s.Incidents, options.Incidents),
            Pricing = CostTags(s.CostTags, Pricing(document, s.Pricing, options.Pricing)),
            Drift = Drift(s.Drift, options.Drift),
            Forecast = Forecast(s.Forecast, options.Forecast),
            Security = Callers(s.Security.Callers, options.Security),
            Access = Access(s.Security.Access, options.Access),
            Dependencies = Dependencies(s.Network.Dependencies, options.Dependencies),
        };
        return Root(document, s.Engine, options);
    }

    /// <summary>Root settings: partitions, the series budget and GPU deployments.</summary>
    public static EngineOptions Root(ConfigDocument document, EngineSettings s, EngineOptions options)
    {
        options = options with
        {
            Partitions = Int(s.Partitions) ?? options.Partitions,
            MaxActiveSeries = Int(s.Limits?.MaxActiveSeries) ?? options.MaxActiveSeries,
        };
        if (s.GpuDeployments is { } map)
        {
            options = options with { Input = options.Input with { GpuDeployments = InFileOrder(document.Shape["gpuDeployments"], map) } };
        }

        return options;
    }

    /// <summary>The <c>eventTime</c> section.</summary>
    /// <exception cref="ArgumentException">The window and hop do not fit together.</exception>
    public static EventTimeOptions EventTime(EventTimeSettings s, EventTimeOptions current)
    {
        current = current with
        {
            AllowedDisorder = Duration(s.AllowedDisorder, "eventTime.allowedDisorder") ?? current.AllowedDisorder,
            AllowedLateness = Duration(s.AllowedLateness, "eventTime.allowedLateness") ?? current.AllowedLateness,
            MaxAhead = Duration(s.MaxAhead, "eventTime.maxAhead") ?? current.MaxAhead,
            ConfirmAhead = Int(s.ConfirmAhead) ?? current.ConfirmAhead,
        };
        var window = Duration(s.Window, "eventTime.window");
        var hop = Duration(s.Hop, "eventTime.hop");
        return window is null && hop is null
            ? current
            : current with { Window = new WindowSpec(window ?? TimeSpan.FromMilliseconds(current.Window.SizeMs), hop) };
    }

    private static TimeSpan? Duration(string? text, string setting) => text is null ? null : Durations.Parse(text, setting);

    private static int? Int(double? value) => value is { } v ? (int)v : null;

    private static long? Long(double? value) => value is { } v ? (long)v : null;

    /// <summary>A copy of a bound map in file order (the binder's order is sorted by key).</summary>
    private static Dictionary<string, T> InFileOrder<T>(ConfigShape? node, Dictionary<string, T> bound)
    {
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var (name, _) in node?.Members ?? [])
        {
            if (bound.TryGetValue(name, out var value))
            {
                map[name] = value;
            }
        }

        return map;
    }
}
