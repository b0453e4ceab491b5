using Microsoft.Extensions.Configuration;

namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>Settings at the root of the file: <c>partitions</c>, <c>limits</c>, <c>gpuDeployments</c> (and the ignored <c>$schema</c>, <c>description</c>).</summary>
internal sealed class EngineSettings
{
    /// <summary>Aggregation partitions (whole number 1..1024).</summary>
    public double? Partitions { get; set; }

    /// <summary>Resource limits.</summary>
    public LimitsSettings? Limits { get; set; }

    /// <summary>Deployment of GPUs by pod or host name.</summary>
    public Dictionary<string, string>? GpuDeployments { get; set; }

    /// <summary>Editor schema reference; ignored.</summary>
    [ConfigurationKeyName("$schema")]
    public IConfigurationSection? Schema { get; set; }

    /// <summary>Free text; ignored.</summary>
    public IConfigurationSection? Description { get; set; }
}
