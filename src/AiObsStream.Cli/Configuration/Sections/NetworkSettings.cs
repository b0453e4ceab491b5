namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>The <c>network</c> section: the dependency latency monitor (README "Dependency latency").</summary>
internal sealed class NetworkSettings
{
    /// <summary>Cross-service latency and jitter per App Insights dependency target.</summary>
    public DependencySettings? Dependencies { get; set; }
}
