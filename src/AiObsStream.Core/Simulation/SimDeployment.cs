namespace AiObsStream.Core.Simulation;

/// <summary>The traffic profile of one simulated Azure OpenAI deployment.</summary>
/// <param name="Name">Deployment name (modelDeploymentName).</param>
/// <param name="Model">Model name, for example gpt-4o.</param>
/// <param name="Version">Model version at the start of the run.</param>
/// <param name="AppRole">App Insights role (AppRoleName) of the calling service.</param>
/// <param name="Operation">AOAI operation name, for example ChatCompletions_Create.</param>
/// <param name="RatePerSecond">Mean Poisson arrival rate.</param>
/// <param name="TtftMedianMs">Median time to first token (lognormal, sigma 0.3); for embeddings the median latency.</param>
/// <param name="MsPerToken">Time per output token (0 for embeddings).</param>
/// <param name="PromptMedian">Median prompt tokens (lognormal, sigma 0.8).</param>
/// <param name="CompletionMedian">Median completion tokens (lognormal, sigma 0.5; 0 for embeddings).</param>
/// <param name="RequestPrefix">Prefix of the App Insights request_id.</param>
public sealed record SimDeployment(
    string Name,
    string Model,
    string Version,
    string AppRole,
    string Operation,
    double RatePerSecond,
    double TtftMedianMs,
    double MsPerToken,
    double PromptMedian,
    double CompletionMedian,
    string RequestPrefix)
{
    /// <summary>True for chat deployments (streamed, with TTFT and evaluations).</summary>
    public bool IsChat => CompletionMedian > 0;
}
