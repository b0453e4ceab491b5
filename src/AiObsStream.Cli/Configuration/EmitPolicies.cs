using AiObsStream.Pipeline.Configuration;
using AiObsStream.Pipeline.Engine;

namespace AiObsStream.Cli.Configuration;

/// <summary>Metrics emit policy names (<c>output.metrics</c>, <c>--emit</c>).</summary>
internal static class EmitPolicies
{
    /// <summary>Parses <c>final</c> or <c>updates</c>; otherwise null.</summary>
    public static MetricsEmitPolicy? TryParse(string? text) => text switch
    {
        "final" => MetricsEmitPolicy.Final,
        "updates" => MetricsEmitPolicy.Updates,
        _ => null,
    };

    /// <summary>Parses a policy name.</summary>
    /// <exception cref="ConfigException">Not a policy name (the message names <paramref name="setting"/>).</exception>
    public static MetricsEmitPolicy Parse(string? text, string setting) =>
        TryParse(text) ?? throw new ConfigException($"{setting}: '{text}' is not an emit policy (use final or updates)");
}
