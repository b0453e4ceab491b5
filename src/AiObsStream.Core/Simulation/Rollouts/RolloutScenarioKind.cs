namespace AiObsStream.Core.Simulation.Rollouts;

/// <summary>How the new model version reaches the traffic in a rollout scenario.</summary>
public enum RolloutScenarioKind
{
    /// <summary>Full cut-over at the rollout time.</summary>
    Switch = 0,

    /// <summary>A fixed share of the traffic (<see cref="RolloutScenario.CanaryShare"/>) moves to the new version.</summary>
    Canary = 1,

    /// <summary>The new version's share ramps linearly from 10 % to 100 % over ten minutes.</summary>
    Ramp = 2,

    /// <summary>Cut-over, rolled back after five minutes, rolled out again seven minutes later.</summary>
    RollbackReRollout = 3,

    /// <summary>
    /// The trace starts on the new version, which is rolled back to the previous one at the "rollout" time: the only
    /// baseline is after the rollback.
    /// </summary>
    PostRollbackBaseline = 4,

    /// <summary>Cut-over of one of two deployments that share a GPU (contention widens both latency distributions).</summary>
    SharedGpu = 5,
}
