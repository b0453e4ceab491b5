namespace AiObsStream.Core.Actions;

/// <summary>What an action asks the receiver to do (wire names in <see cref="ActionNames"/>).</summary>
public enum ActionPayload
{
    /// <summary><c>rollback-previous-version</c>: serve the deployment's previous model version again.</summary>
    RollbackPreviousVersion = 0,

    /// <summary><c>scale-out</c>: add capacity to the deployment.</summary>
    ScaleOut = 1,

    /// <summary><c>fallback-pipeline</c>: switch ingestion or serving to the fallback pipeline.</summary>
    FallbackPipeline = 2,

    /// <summary><c>custom</c>: the incident alone; the receiver decides.</summary>
    Custom = 3,
}
