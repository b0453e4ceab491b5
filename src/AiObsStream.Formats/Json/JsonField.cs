namespace AiObsStream.Formats.Json;

/// <summary>The fields the JSON parsers capture from a record, after alias resolution.</summary>
/// <remarks>Values up to <see cref="Time"/> are captured as UTF-8 text; <see cref="Status"/> to <see cref="End"/> as numbers.</remarks>
internal enum JsonField : byte
{
    // ---- text fields ----
    Category = 0,
    Type,
    Resource,
    OperationName,
    Name,
    Deployment,
    ModelName,
    ModelVersion,
    CorrelationId,
    OperationId,
    Id,
    RequestId,
    MetricName,
    EvaluationName,
    EvaluationLabel,
    Host,
    Service,
    ResultType,
    CallerIp,
    ObjectId,
    Target,
    DependencyType,
    AppId,
    Upn,
    ErrorType,
    FinishReasons,
    Time,

    // ---- numeric fields (read from a number or from a string holding a number) ----
    Status = 32,
    DurationMs,
    RequestTicks,
    ResponseTicks,
    PromptTokens,
    CompletionTokens,
    TotalTokens,
    TtftMs,
    QueueMs,
    Count,
    Total,
    Minimum,
    Maximum,
    Average,
    EvaluationScore,
    FeedbackScore,
    Success,
    ResponseLength,
    HttpStatus,
    End,

    // ---- structural (not stored) ----
    Identity,
    Properties,
    Records,
}
