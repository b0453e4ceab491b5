namespace AiObsStream.Core.Versions;

/// <summary>What changed in a deployment's version mix.</summary>
public enum RolloutKind
{
    /// <summary>A version never seen for the deployment appeared (canary or full release).</summary>
    Rollout = 0,

    /// <summary>A known version took the majority of requests from another (not the one it replaced).</summary>
    MixShift = 1,

    /// <summary>The new version took the majority: the rollout completed (the comparison goes on).</summary>
    Completed = 2,

    /// <summary>The new version disappeared or the previous version took the majority back.</summary>
    Rollback = 3,
}
