namespace AiObsStream.Core.Simulation;

/// <summary>One simulated call to a deployment, written both as an AOAI RequestResponse record and an App Insights dependency.</summary>
/// <param name="EndTicks">UTC ticks at which the response completed (the record's time).</param>
/// <param name="Deployment">Index into <see cref="SimFleet.Deployments"/>.</param>
/// <param name="ModelVersion">Model version that served the call.</param>
/// <param name="Sequence">Per-deployment sequence number (request_id suffix).</param>
/// <param name="Status">HTTP status.</param>
/// <param name="DurationMs">End-to-end latency.</param>
/// <param name="TtftMs">Time to first token (0 when not streamed).</param>
/// <param name="QueueMs">Time queued before the model started.</param>
/// <param name="PromptTokens">Prompt tokens.</param>
/// <param name="CompletionTokens">Completion tokens.</param>
/// <param name="CorrelationId">AOAI correlationId (GUID).</param>
/// <param name="OperationId">App Insights OperationId (32 hex).</param>
/// <param name="DependencyId">App Insights dependency Id (16 hex).</param>
/// <param name="CallerOctet">Third octet of the masked caller IP.</param>
/// <param name="Exported">False when the AOAI diagnostic export dropped the record (ingestion gap).</param>
/// <param name="PathMs">Milliseconds spent on the way to the service (dependency-latency): in the App Insights dependency's
/// duration, not in the AOAI log's.</param>
/// <param name="ContentFilter">What the content filter did (content-filter-jump and the base rate): in the status, and in
/// the App Insights dependency's <c>error.type</c> / <c>gen_ai.response.finish_reasons</c>.</param>
public readonly record struct SimRequest(
    long EndTicks,
    int Deployment,
    string ModelVersion,
    int Sequence,
    int Status,
    double DurationMs,
    double TtftMs,
    double QueueMs,
    int PromptTokens,
    int CompletionTokens,
    string CorrelationId,
    string OperationId,
    string DependencyId,
    int CallerOctet,
    bool Exported,
    double PathMs = 0,
    SimContentFilter ContentFilter = SimContentFilter.None);
