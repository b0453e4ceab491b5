namespace AiObsStream.Core.Versions;

/// <summary>One deployment's window: its version mix and a sample per version.</summary>
internal sealed class DeploymentWindow
{
    public string ModelName { get; set; } = string.Empty;

    /// <summary>Requests per version (one source: the one that saw most requests).</summary>
    public List<(string Version, long Requests)> Mix { get; } = [];

    /// <summary>A sample per version of <see cref="Mix"/>, in the same (ordinal version) order.</summary>
    public List<(string Version, WindowSample Sample)> Samples { get; } = [];
}
