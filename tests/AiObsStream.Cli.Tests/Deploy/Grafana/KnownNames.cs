using System.Reflection;
using AiObsStream.Cli.Hosting;
using AiObsStream.Core.Cost;
using AiObsStream.Core.Events;
using AiObsStream.Pipeline.Diagnostics;

namespace AiObsStream.Cli.Tests.Deploy.Grafana;

/// <summary>The names dashboards may use, read from the code so that a rename there fails the dashboard tests.</summary>
internal static class KnownNames
{
    /// <summary>The Prometheus names of the engine's instruments, as the /metrics exposition writes them.</summary>
    public static IReadOnlySet<string> EngineMetrics { get; } =
        AiObsMetrics.Instruments.Select(PrometheusExposition.MetricName).ToHashSet(StringComparer.Ordinal);

    /// <summary>The dcgm-exporter fields the engine maps to metrics (<see cref="DcgmFields"/>).</summary>
    public static IReadOnlySet<string> DcgmFieldNames { get; } = Constants(typeof(DcgmFields));

    /// <summary>Every metric a Prometheus dashboard may select.</summary>
    public static IReadOnlySet<string> PrometheusMetrics { get; } = EngineMetrics.Union(DcgmFieldNames).ToHashSet(StringComparer.Ordinal);

    /// <summary>Values of the Metric column the engine writes (<see cref="MetricNames"/>, <see cref="CostMetricNames"/>).</summary>
    public static IReadOnlySet<string> RowMetrics { get; } =
        Constants(typeof(MetricNames)).Union(Constants(typeof(CostMetricNames))).ToHashSet(StringComparer.Ordinal);

    private static HashSet<string> Constants(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet(StringComparer.Ordinal);
}
