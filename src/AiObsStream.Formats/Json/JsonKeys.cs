namespace AiObsStream.Formats.Json;

/// <summary>
/// The key tables of the JSON parsers, including the documented alias table for model dimensions.
/// </summary>
/// <remarks>
/// All lookups ignore ASCII case. When a record carries several aliases of one field, the alias listed first below
/// wins, whatever the order of the keys in the record.
/// <list type="table">
/// <item><term>Deployment</term><description>deployment, deployment_name, gen_ai.deployment, modelDeploymentName</description></item>
/// <item><term>Model version</term><description>model_version, modelVersion, gen_ai.response.model_version</description></item>
/// <item><term>Model name</term><description>gen_ai.request.model, gen_ai.response.model, model, model_name, modelName</description></item>
/// <item><term>Prompt tokens</term><description>tokens.prompt, prompt_tokens, gen_ai.usage.input_tokens, promptTokens</description></item>
/// <item><term>Completion tokens</term><description>tokens.completion, completion_tokens, gen_ai.usage.output_tokens, completionTokens</description></item>
/// <item><term>TTFT / queue</term><description>ttft_ms; queue_ms</description></item>
/// <item><term>Evaluation</term><description>gen_ai.evaluation.name; gen_ai.evaluation.score.value; gen_ai.evaluation.score.label</description></item>
/// <item><term>User feedback</term><description>user_feedback, feedback.score, feedback_score</description></item>
/// <item><term>Content filter</term><description>error.type (App Insights), error_code then error.type (request log);
/// gen_ai.response.finish_reasons (App Insights), finish_reason then gen_ai.response.finish_reasons (request log)</description></item>
/// </list>
/// </remarks>
internal static class JsonKeys
{
    /// <summary>Top level of an Event Hubs body: only <c>records</c> matters.</summary>
    public static readonly KeyTable Envelope = new(("records", new KeySpec(JsonField.Records, FieldKind.Nested)));

    /// <summary>A record of a diagnostic-settings body (common schema, AOAI, App Insights columns, AllMetrics).</summary>
    public static readonly KeyTable Record = new(
        ("time", Spec(JsonField.Time, FieldKind.Time)),
        ("TimeGenerated", Spec(JsonField.Time, FieldKind.Time, 1)),
        ("resourceId", Spec(JsonField.Resource)),
        ("_ResourceId", Spec(JsonField.Resource, FieldKind.Text, 1)),
        ("operationName", Spec(JsonField.OperationName)),
        ("category", Spec(JsonField.Category)),
        ("type", Spec(JsonField.Type)),
        ("resultSignature", Spec(JsonField.Status, FieldKind.Number)),
        ("ResultCode", Spec(JsonField.Status, FieldKind.Number, 1)),
        ("resultType", Spec(JsonField.ResultType)),
        ("durationMs", Spec(JsonField.DurationMs, FieldKind.Number)),
        ("correlationId", Spec(JsonField.CorrelationId)),
        ("callerIpAddress", Spec(JsonField.CallerIp)),
        ("properties", Spec(JsonField.Properties, FieldKind.Nested)),
        ("identity", Spec(JsonField.Identity, FieldKind.Nested)),
        ("OperationId", Spec(JsonField.OperationId)),
        ("Id", Spec(JsonField.Id)),
        ("Name", Spec(JsonField.Name)),
        ("Success", Spec(JsonField.Success, FieldKind.Bool)),

        // App Insights AppDependencies columns (issue #15 §2): where the call went and over what.
        ("Target", Spec(JsonField.Target)),
        ("DependencyType", Spec(JsonField.DependencyType)),
        ("metricName", Spec(JsonField.MetricName)),
        ("count", Spec(JsonField.Count, FieldKind.Number)),
        ("total", Spec(JsonField.Total, FieldKind.Number)),
        ("minimum", Spec(JsonField.Minimum, FieldKind.Number)),
        ("maximum", Spec(JsonField.Maximum, FieldKind.Number)),
        ("average", Spec(JsonField.Average, FieldKind.Number)));

    /// <summary>Inside <c>properties</c> / <c>Properties</c>: AOAI property keys and the App Insights alias table.</summary>
    public static readonly KeyTable Properties = new([
        .. DimensionAliases(),
        ("requestTime", Spec(JsonField.RequestTicks, FieldKind.Ticks)),
        ("responseTime", Spec(JsonField.ResponseTicks, FieldKind.Ticks)),
        ("request_id", Spec(JsonField.RequestId)),

        // The caller (issue #15 §1): Entra object id with Entra auth, empty with key auth (formats.md §1.2, Elastic's
        // RequestResponse fixture); callerObjectId is the newer, pilot-observed spelling, taken only without objectId.
        ("objectId", Spec(JsonField.ObjectId)),
        ("callerObjectId", Spec(JsonField.ObjectId, FieldKind.Text, 1)),
        ("responseLength", Spec(JsonField.ResponseLength, FieldKind.Number)),
        ("httpStatusCode", Spec(JsonField.HttpStatus, FieldKind.Number)), // Key Vault AuditEvent

        // Content filtering (issue #15 §1), OTel GenAI attributes on App Insights spans: codes only (ContentFilterSignal).
        ("error.type", Spec(JsonField.ErrorType)),
        ("gen_ai.response.finish_reasons", Spec(JsonField.FinishReasons)),
    ]);

    /// <summary>
    /// A Key Vault AuditEvent <c>identity</c> and its <c>claim</c> object (the same table reads both levels): the
    /// token's claims, short (<c>oid</c>, <c>appid</c>, <c>upn</c>: a captured AuditEvent, SecretGet) or as claim URIs
    /// (Microsoft Learn, "Azure Key Vault logging", the VaultGet sample). Kept as sent, never resolved.
    /// </summary>
    public static readonly KeyTable Identity = new(
        ("claim", Spec(JsonField.Identity, FieldKind.Nested)),
        ("oid", Spec(JsonField.ObjectId)),
        ("http://schemas.microsoft.com/identity/claims/objectidentifier", Spec(JsonField.ObjectId, FieldKind.Text, 1)),
        ("appid", Spec(JsonField.AppId)),
        ("upn", Spec(JsonField.Upn)),
        ("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn", Spec(JsonField.Upn, FieldKind.Text, 1)));

    /// <summary>A structured request-log line (requests.jsonl) with its aliases, plus the dimension aliases.</summary>
    public static readonly KeyTable StructuredLog = new([
        .. DimensionAliases(),
        ("timestamp", Spec(JsonField.Time, FieldKind.Time)),
        ("time", Spec(JsonField.Time, FieldKind.Time, 1)),
        ("@timestamp", Spec(JsonField.Time, FieldKind.Time, 2)),
        ("TimeGenerated", Spec(JsonField.Time, FieldKind.Time, 3)),
        ("status", Spec(JsonField.Status, FieldKind.Number)),
        ("status_code", Spec(JsonField.Status, FieldKind.Number, 1)),
        ("latency_ms", Spec(JsonField.DurationMs, FieldKind.Number)),
        ("duration_ms", Spec(JsonField.DurationMs, FieldKind.Number, 1)),
        ("tokens_used", Spec(JsonField.TotalTokens, FieldKind.Number)),
        ("operation", Spec(JsonField.OperationName)),
        ("endpoint", Spec(JsonField.OperationName, FieldKind.Text, 1)),
        ("host", Spec(JsonField.Host)),
        ("service", Spec(JsonField.Service)),
        ("request_id", Spec(JsonField.RequestId)),

        // Content filtering: the provider's error code and finish reason as request logs commonly name them (ContentFilterSignal).
        ("error_code", Spec(JsonField.ErrorType)),
        ("error.type", Spec(JsonField.ErrorType, FieldKind.Text, 1)),
        ("finish_reason", Spec(JsonField.FinishReasons)),
        ("gen_ai.response.finish_reasons", Spec(JsonField.FinishReasons, FieldKind.Text, 1)),
    ]);

    private static (string, KeySpec)[] DimensionAliases() =>
    [
        ("deployment", Spec(JsonField.Deployment)),
        ("deployment_name", Spec(JsonField.Deployment, FieldKind.Text, 1)),
        ("gen_ai.deployment", Spec(JsonField.Deployment, FieldKind.Text, 2)),
        ("modelDeploymentName", Spec(JsonField.Deployment, FieldKind.Text, 3)),
        ("model_version", Spec(JsonField.ModelVersion)),
        ("modelVersion", Spec(JsonField.ModelVersion, FieldKind.Text, 1)),
        ("gen_ai.response.model_version", Spec(JsonField.ModelVersion, FieldKind.Text, 2)),
        ("gen_ai.request.model", Spec(JsonField.ModelName)),
        ("gen_ai.response.model", Spec(JsonField.ModelName, FieldKind.Text, 1)),
        ("model", Spec(JsonField.ModelName, FieldKind.Text, 2)),
        ("model_name", Spec(JsonField.ModelName, FieldKind.Text, 3)),
        ("modelName", Spec(JsonField.ModelName, FieldKind.Text, 4)),
        ("tokens.prompt", Spec(JsonField.PromptTokens, FieldKind.Number)),
        ("prompt_tokens", Spec(JsonField.PromptTokens, FieldKind.Number, 1)),
        ("gen_ai.usage.input_tokens", Spec(JsonField.PromptTokens, FieldKind.Number, 2)),
        ("promptTokens", Spec(JsonField.PromptTokens, FieldKind.Number, 3)),
        ("tokens.completion", Spec(JsonField.CompletionTokens, FieldKind.Number)),
        ("completion_tokens", Spec(JsonField.CompletionTokens, FieldKind.Number, 1)),
        ("gen_ai.usage.output_tokens", Spec(JsonField.CompletionTokens, FieldKind.Number, 2)),
        ("completionTokens", Spec(JsonField.CompletionTokens, FieldKind.Number, 3)),
        ("ttft_ms", Spec(JsonField.TtftMs, FieldKind.Number)),
        ("queue_ms", Spec(JsonField.QueueMs, FieldKind.Number)),
        ("gen_ai.evaluation.name", Spec(JsonField.EvaluationName)),
        ("gen_ai.evaluation.score.value", Spec(JsonField.EvaluationScore, FieldKind.Number)),
        ("gen_ai.evaluation.score.label", Spec(JsonField.EvaluationLabel)),
        ("user_feedback", Spec(JsonField.FeedbackScore, FieldKind.Number)),
        ("feedback.score", Spec(JsonField.FeedbackScore, FieldKind.Number, 1)),
        ("feedback_score", Spec(JsonField.FeedbackScore, FieldKind.Number, 2)),
    ];

    private static KeySpec Spec(JsonField field, FieldKind kind = FieldKind.Text, byte priority = 0) =>
        new(field, kind, priority);
}
