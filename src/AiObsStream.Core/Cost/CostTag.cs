namespace AiObsStream.Core.Cost;

/// <summary>The team and project a deployment's spend is attributed to (empty when not known).</summary>
/// <param name="Team">Owning team.</param>
/// <param name="Project">Project or cost centre.</param>
public sealed record CostTag(string Team, string Project)
{
    /// <summary>No attribution.</summary>
    public static CostTag None { get; } = new(string.Empty, string.Empty);
}
