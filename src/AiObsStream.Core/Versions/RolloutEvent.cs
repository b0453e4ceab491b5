namespace AiObsStream.Core.Versions;

/// <summary>A change of a deployment's model version mix, detected at the end of a window.</summary>
/// <param name="Kind">What changed.</param>
/// <param name="Deployment">The deployment.</param>
/// <param name="Version">The new version (for a rollback: the version rolled back).</param>
/// <param name="PreviousVersion">The version it is compared with (for a rollback: the version restored).</param>
/// <param name="WindowStartMs">Start of the window where the change showed.</param>
/// <param name="Share">The new version's share of the deployment's requests in that window.</param>
public sealed record RolloutEvent(RolloutKind Kind, string Deployment, string Version, string PreviousVersion, long WindowStartMs, double Share);
