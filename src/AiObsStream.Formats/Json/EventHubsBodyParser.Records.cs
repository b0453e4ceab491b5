using System.Text;
using AiObsStream.Core.Events;

namespace AiObsStream.Formats.Json;

/// <content>Turns one captured record into an event, by record kind (category, Type or metricName).</content>
public sealed partial class EventHubsBodyParser
{
    // The numeric fields each record kind uses, checked against ValueRanges (AOAI's durationMs is checked on its own:
    // a negative value is a documented export quirk, recomputed from the ticks). App Insights' ResultCode is not
    // checked: for non-HTTP dependencies it holds other codes (SQL error numbers), read as "no HTTP status".
    // A value of the wrong JSON type in one of these is an invalid_value too (TypeRules), never "absent".
    private static readonly JsonField[] AzureOpenAINumbers =
    [
        JsonField.Status, JsonField.PromptTokens, JsonField.CompletionTokens, JsonField.TtftMs, JsonField.QueueMs,
        JsonField.RequestTicks, JsonField.ResponseTicks, JsonField.ResponseLength,
    ];

    /// <summary>The metric an AppExceptions record counts in.</summary>
    internal const string ExceptionsMetric = "exceptions";

    private static readonly JsonField[] DurationNumber = [JsonField.DurationMs];

    private static readonly JsonField[] AppInsightsNumbers =
    [
        JsonField.DurationMs, JsonField.PromptTokens, JsonField.CompletionTokens, JsonField.TtftMs, JsonField.QueueMs,
        JsonField.Success,
    ];

    private static readonly JsonField[] MetricNumbers =
        [JsonField.Count, JsonField.Total, JsonField.Minimum, JsonField.Maximum, JsonField.Average];

    /// <summary>Turns the record just read into the scratch into events; <paramref name="record"/> is its JSON text.</summary>
    private ParseError? Interpret(EventBuffer output, int index, ReadOnlySpan<byte> record)
    {
        var s = _reader.Scratch;
        if (s.FirstTextProblem() is { } wrongType)
        {
            return Reject(RejectReason.InvalidValue, index, wrongType); // metricName true, Type 5, deployment {}
        }

        if (s.Has(JsonField.MetricName) && (!s.Has(JsonField.Category) || Is(JsonField.Category, "AllMetrics"u8)))
        {
            return CheckCommon(index) ?? AddMetric(output, index, record);
        }

        // App Insights first: its records are told by Type, and some of its tables have a Category column of their
        // own (AppPerformanceCounters: "Processor", "Memory"), which is not a diagnostic category.
        if (s.Has(JsonField.Type) && IsAppInsightsType())
        {
            return InterpretAppInsights(output, index);
        }

        if (s.Has(JsonField.Category))
        {
            if (Is(JsonField.Category, "RequestResponse"u8))
            {
                return CheckCommon(index) ?? AddAzureOpenAIRequest(output, index);
            }

            if (Is(JsonField.Category, "AuditEvent"u8))
            {
                return CheckCommon(index) ?? AddKeyVaultAccess(output, index);
            }

            return Is(JsonField.Category, "Audit"u8)
                ? CheckCommon(index) ?? AddAudit(output, index)
                : Reject(RejectReason.UnknownShape, index, "category: unknown value " + Quote(JsonField.Category));
        }

        return s.Has(JsonField.Type)
            ? Reject(RejectReason.UnknownShape, index, "Type: unknown value " + Quote(JsonField.Type))
            : Reject(RejectReason.UnknownShape, index, "unknown record shape: no category, Type or metricName key");
    }

    /// <summary>Whether Type names an App Insights table: a known one, or any App* name (reported as unknown).</summary>
    private bool IsAppInsightsType()
    {
        var type = _reader.Scratch.Text(JsonField.Type);
        return type.Length > 3 && Ascii.EqualsIgnoreCase(type[..3], "App"u8);
    }

    /// <summary>An App Insights record, by table (formats.md §1.4; <see cref="SkippedTables"/> lists what is skipped).</summary>
    private ParseError? InterpretAppInsights(EventBuffer output, int index)
    {
        var s = _reader.Scratch;
        if (Is(JsonField.Type, "AppRequests"u8) || Is(JsonField.Type, "AppDependencies"u8))
        {
            return CheckCommon(index) ?? AddAppInsightsRequest(output, index);
        }

        if (Is(JsonField.Type, "AppExceptions"u8))
        {
            return CheckCommon(index) ?? AddAppException(output);
        }

        var table = SkippedTables.IndexOf(s.Text(JsonField.Type));
        if (table < 0)
        {
            return Reject(RejectReason.UnknownShape, index, "Type: unknown App Insights table " + Quote(JsonField.Type));
        }

        // Traces and custom events carry evaluations (OTel GenAI evaluation events) or user feedback when they carry
        // anything we use; every other known table is skipped whole.
        var mayEvaluate = Is(JsonField.Type, "AppTraces"u8) || Is(JsonField.Type, "AppEvents"u8);
        if (!mayEvaluate || (!s.Has(JsonField.EvaluationName) && !HasFeedback() && s.NestedError is null))
        {
            Skip(table);
            return null;
        }

        return CheckCommon(index) ?? AddEvaluation(output, index);
    }

    /// <summary>
    /// An AppExceptions record: one <c>exceptions</c> point (count 1) for its operation (OperationName, else empty)
    /// and resource. Kept apart from <c>errors</c> on purpose: a failed request usually also logs its exception, so
    /// adding one to the other would count the same failure twice.
    /// </summary>
    private ParseError? AddAppException(EventBuffer output)
    {
        var s = _reader.Scratch;
        var dims = _dims.Get(TelemetrySource.AppInsights, s.Text(JsonField.Deployment), s.Text(JsonField.ModelName),
            s.Text(JsonField.ModelVersion), s.Text(JsonField.OperationName), s.Text(JsonField.Resource), default);
        var e = TelemetryEvent.NewSample(EventKind.MetricPoint, s.TimeUnixMs, dims, ExceptionsMetric, 1);
        e.Count = 1;
        e.Min = 1;
        e.Max = 1;
        var id = s.Text(JsonField.OperationId);
        e.DedupKey = id.IsEmpty ? 0 : StableHash64.Combine(Dedup(TelemetrySource.AppInsights, id, "AppExceptions"u8), (ulong)s.TimeUnixMs);
        output.Add(e);
        return null;
    }

    private ParseError? CheckCommon(int index)
    {
        var s = _reader.Scratch;
        if (s.TimeState == 0)
        {
            return Reject(RejectReason.UnknownShape, index, "time: missing");
        }

        if (s.TimeState == 2)
        {
            return Reject(RejectReason.InvalidValue, index, "time: not an ISO-8601 timestamp: " + Quote(JsonField.Time));
        }

        return s.NestedError is null ? null : Reject(RejectReason.InvalidValue, index, "properties: " + s.NestedError);
    }

    private ParseError? AddAzureOpenAIRequest(EventBuffer output, int index)
    {
        var s = _reader.Scratch;
        if (Implausible(index, AzureOpenAINumbers) is { } implausible)
        {
            return implausible;
        }

        var dims = _dims.Get(TelemetrySource.AzureOpenAI, s.Text(JsonField.Deployment), s.Text(JsonField.ModelName),
            s.Text(JsonField.ModelVersion), s.Text(JsonField.OperationName), s.Text(JsonField.Resource), default);
        var e = TelemetryEvent.NewRequest(s.TimeUnixMs, dims);
        e.Status = StatusOf(s.Number(JsonField.Status));
        e.Success = e.Status is >= 200 and <= 399
            || (e.Status == 0 && Ascii.EqualsIgnoreCase(s.Text(JsonField.ResultType), "Success"u8));

        // formats.md §1.2: durationMs can be negative or wrong; recompute from the .NET ticks like Elastic does.
        var latency = s.Number(JsonField.DurationMs);
        if (!(latency < 0) && Implausible(index, DurationNumber) is { } badDuration)
        {
            return badDuration; // negative durations are the documented quirk recomputed below, not an error
        }

        if (!(latency >= 0))
        {
            latency = s.RequestTicks > 0 && s.ResponseTicks >= s.RequestTicks
                ? (s.ResponseTicks - s.RequestTicks) / (double)TimeSpan.TicksPerMillisecond
                : double.NaN;
        }

        if (!double.IsNaN(latency) && !ValueRanges.IsPlausible(JsonField.DurationMs, latency))
        {
            return Reject(RejectReason.InvalidValue, index, "durationMs: (responseTime - requestTime) is "
                + latency.ToString("R", System.Globalization.CultureInfo.InvariantCulture)
                + " ms, outside the plausible range " + ValueRanges.Describe(JsonField.DurationMs));
        }

        if (LongCaller(index) is { } longCaller)
        {
            return longCaller;
        }

        e.LatencyMs = latency;
        SetRequestNumbers(ref e);
        SetCaller(ref e);
        e.DedupKey = Dedup(TelemetrySource.AzureOpenAI, s.Text(JsonField.CorrelationId), default);
        output.Add(e);
        return null;
    }

    private ParseError? AddAppInsightsRequest(EventBuffer output, int index)
    {
        var s = _reader.Scratch;
        if (Implausible(index, AppInsightsNumbers) is { } implausible)
        {
            return implausible;
        }

        var operation = s.Has(JsonField.Name) ? s.Text(JsonField.Name) : s.Text(JsonField.OperationName);
        var dims = _dims.Get(TelemetrySource.AppInsights, s.Text(JsonField.Deployment), s.Text(JsonField.ModelName),
            s.Text(JsonField.ModelVersion), operation, s.Text(JsonField.Resource), default);
        var e = TelemetryEvent.NewRequest(s.TimeUnixMs, dims);
        e.Status = StatusOf(s.Number(JsonField.Status)); // ResultCode is a string; non-numeric gives 0
        var success = s.Number(JsonField.Success);
        e.Success = double.IsNaN(success) ? e.Status is >= 200 and <= 399 : success == 1;
        var latency = s.Number(JsonField.DurationMs);
        e.LatencyMs = latency >= 0 ? latency : double.NaN;
        SetRequestNumbers(ref e);
        if (Is(JsonField.Type, "AppDependencies"u8))
        {
            e.Detail = DependencyTarget();
        }

        e.Metric = ContentFilterSignal.Of(s.Text(JsonField.ErrorType), s.Text(JsonField.FinishReasons));

        e.DedupKey = Dedup(TelemetrySource.AppInsights, s.Text(JsonField.OperationId), s.Text(JsonField.Id));
        output.Add(e);

        // OTel GenAI evaluation events may ride on the dependency span's Properties: the request stays accepted
        // whatever the evaluation holds; a bad evaluation is skipped (the span itself is valid telemetry).
        if (s.Has(JsonField.EvaluationName))
        {
            _ = AddEvaluation(output, 0); // adds nothing when the evaluation is unusable
        }

        return null;
    }

    private ParseError? AddEvaluation(EventBuffer output, int index)
    {
        var s = _reader.Scratch;
        var feedback = !s.Has(JsonField.EvaluationName);
        var field = feedback ? JsonField.FeedbackScore : JsonField.EvaluationScore;
        var score = s.Number(field);
        if (double.IsNaN(score) && !feedback && s.Problem(field) is null && s.Has(JsonField.EvaluationLabel))
        {
            // OTel GenAI: score.label alone (no score.value) is a verdict; binary verdicts become 1 / 0.
            score = EvaluationLabels.Score(s.Text(JsonField.EvaluationLabel));
            if (double.IsNaN(score))
            {
                return Reject(RejectReason.InvalidValue, index,
                    "Properties.gen_ai.evaluation.score.label: no score.value and not a known pass/fail label: " + Quote(JsonField.EvaluationLabel));
            }
        }

        if (!double.IsNaN(score) && !ValueRanges.IsPlausible(field, score))
        {
            return Reject(RejectReason.InvalidValue, index, ValueRanges.FindImplausible(s, [field]) ?? "score");
        }

        if (double.IsNaN(score))
        {
            return s.Problem(field) is { } problem
                ? Reject(RejectReason.InvalidValue, index, "Properties." + problem)
                : Reject(RejectReason.InvalidValue, index,
                    $"Properties.{(feedback ? "user_feedback" : "gen_ai.evaluation.score.value")}: missing");
        }

        var operation = s.Has(JsonField.OperationName) ? s.Text(JsonField.OperationName) : s.Text(JsonField.Name);
        var dims = _dims.Get(TelemetrySource.AppInsights, s.Text(JsonField.Deployment), s.Text(JsonField.ModelName),
            s.Text(JsonField.ModelVersion), operation, s.Text(JsonField.Resource), default);
        var name = feedback ? EvaluationLabels.UserFeedbackUtf8 : s.Text(JsonField.EvaluationName);
        var e = TelemetryEvent.NewSample(EventKind.Evaluation, s.TimeUnixMs, dims, _strings.Get(name), score);
        var id = s.Text(JsonField.OperationId);
        e.DedupKey = id.IsEmpty ? 0 : StableHash64.Combine(Dedup(TelemetrySource.AppInsights, id, name), (ulong)s.TimeUnixMs);
        output.Add(e);
        return null;
    }

    private ParseError? AddMetric(EventBuffer output, int index, ReadOnlySpan<byte> record)
    {
        var s = _reader.Scratch;
        if (Implausible(index, MetricNumbers) is { } implausible)
        {
            return implausible;
        }

        var total = s.Number(JsonField.Total);
        var count = s.Number(JsonField.Count);
        if (double.IsNaN(total))
        {
            total = s.Number(JsonField.Average) * count; // NaN unless both are present
        }

        if (double.IsNaN(total))
        {
            return Reject(RejectReason.InvalidValue, index, "total: missing (and no average with a count)");
        }

        var resource = s.Text(JsonField.Resource);
        if (!_metricDims.Read(record, resource))
        {
            return Reject(RejectReason.InvalidValue, index, _metricDims.Error!);
        }

        var dims = _metricDims.Any
            ? DimsPool.Shared.Intern(new DimsKey(TelemetrySource.AzureMetrics,
                _strings.Get(_metricDims.Named(JsonField.Deployment)), _strings.Get(_metricDims.Named(JsonField.ModelName)),
                _strings.Get(_metricDims.Named(JsonField.ModelVersion)), _strings.Get(_metricDims.Named(JsonField.OperationName)),
                _strings.Get(resource), string.Empty, string.Empty, _metricDims.OtherDims()))
            : _dims.Get(TelemetrySource.AzureMetrics, default, default, default, default, resource, default);
        var metric = s.Text(JsonField.MetricName);
        var e = TelemetryEvent.NewSample(EventKind.MetricPoint, s.TimeUnixMs, dims, _strings.Get(metric), total);
        e.Count = double.IsNaN(count) ? 1 : count;
        e.Min = s.Number(JsonField.Minimum);
        e.Max = s.Number(JsonField.Maximum);

        // The identity of a point is resource, metric, minute and every dimension: records that differ only by a
        // dimension are distinct points, not duplicates (issue #10 §2). Without dimensions the key is unchanged.
        var key = StableHash64.Combine(Dedup(TelemetrySource.AzureMetrics, resource, metric), (ulong)s.TimeUnixMs);
        e.DedupKey = _metricDims.Any ? StableHash64.Combine(key, _metricDims.IdentityHash) : key;
        output.Add(e);
        return null;
    }

    /// <summary>A record reject for the first implausible value of <paramref name="fields"/>, else null.</summary>
    private ParseError? Implausible(int index, JsonField[] fields) =>
        ValueRanges.FindImplausible(_reader.Scratch, fields) is { } what
            ? Reject(RejectReason.InvalidValue, index, what)
            : null;

    private void SetRequestNumbers(ref TelemetryEvent e)
    {
        var s = _reader.Scratch;
        e.PromptTokens = s.Number(JsonField.PromptTokens);
        e.CompletionTokens = s.Number(JsonField.CompletionTokens);
        e.TtftMs = s.Number(JsonField.TtftMs);
        e.QueueMs = s.Number(JsonField.QueueMs);
    }

    /// <summary>The longest caller identifier kept (an IPv6 address is 45 characters, an object id 36).</summary>
    internal const int MaxCallerBytes = 256;

    /// <summary>
    /// A reject for a caller identifier longer than <see cref="MaxCallerBytes"/>: no Azure caller field is that long,
    /// and one would otherwise be held as a caller key (and written in alerts) whole.
    /// </summary>
    private ParseError? LongCaller(int index)
    {
        var s = _reader.Scratch;
        foreach (var (field, key) in (ReadOnlySpan<(JsonField, string)>)[(JsonField.CallerIp, "callerIpAddress"), (JsonField.ObjectId, "properties.objectId")])
        {
            if (s.Text(field).Length > MaxCallerBytes)
            {
                return Reject(RejectReason.InvalidValue, index,
                    $"{key}: {s.Text(field).Length} bytes, longer than the {MaxCallerBytes} a caller identifier may have");
            }
        }

        return null;
    }

    /// <summary>
    /// The caller of an AOAI request (issue #15 §1) into <see cref="TelemetryEvent.Detail"/>: <c>properties.objectId</c>
    /// (Entra auth) when not empty, else <c>callerIpAddress</c> (masked by Azure, <c>81.2.69.***</c>), as sent, never
    /// enriched; null when neither is present. <c>properties.responseLength</c> (bytes) goes to
    /// <see cref="TelemetryEvent.Value"/> (NaN when absent). Source: formats.md §1.2 (Elastic's RequestResponse fixture).
    /// </summary>
    private void SetCaller(ref TelemetryEvent e)
    {
        var s = _reader.Scratch;
        var caller = s.Text(JsonField.ObjectId);
        if (caller.IsEmpty)
        {
            caller = s.Text(JsonField.CallerIp);
        }

        e.Detail = caller.IsEmpty ? null : _callers.Get(caller);
        e.Value = s.Number(JsonField.ResponseLength);
    }

    /// <summary>
    /// The target key of an AppDependencies record (issue #15 §2) for <see cref="TelemetryEvent.Detail"/>:
    /// <c>DependencyType|Target</c> as sent (<c>HTTP|aoai-prod-eastus2.openai.azure.com</c>), either part empty when
    /// absent; null when both are. Sources: the AppDependencies table reference (Microsoft Learn, azure/azure-monitor/
    /// reference/tables/appdependencies: Target, DependencyType, Name, DurationMs), formats.md §1.4.
    /// </summary>
    private string? DependencyTarget()
    {
        var s = _reader.Scratch;
        var type = s.Text(JsonField.DependencyType);
        var target = s.Text(JsonField.Target);
        if (type.IsEmpty && target.IsEmpty)
        {
            return null;
        }

        var length = type.Length + 1 + target.Length;
        if (_targetKey.Length < length)
        {
            _targetKey = new byte[Math.Max(length, _targetKey.Length * 2)];
        }

        type.CopyTo(_targetKey);
        _targetKey[type.Length] = (byte)'|';
        target.CopyTo(_targetKey.AsSpan(type.Length + 1));
        return _strings.Get(_targetKey.AsSpan(0, length));
    }

    /// <summary>Whether the record carries a user feedback key (a number, or a value that is not one).</summary>
    private bool HasFeedback()
    {
        var s = _reader.Scratch;
        return !double.IsNaN(s.Number(JsonField.FeedbackScore)) || s.Problem(JsonField.FeedbackScore) is not null;
    }

    private bool Is(JsonField field, ReadOnlySpan<byte> value) =>
        Ascii.EqualsIgnoreCase(_reader.Scratch.Text(field), value);

    private string Quote(JsonField field) => "\"" + Encoding.UTF8.GetString(_reader.Scratch.Text(field)) + "\"";

    private static ParseError Reject(RejectReason reason, int index, string what) =>
        new(reason, $"records[{index}].{what}", index);

    /// <summary>An HTTP status from a number; 0 when absent, fractional or outside 100..999.</summary>
    internal static int StatusOf(double value) =>
        value is >= 100 and <= 999 && value == Math.Floor(value) ? (int)value : 0;

    /// <summary>
    /// The dedup key: a stable hash of the source and the record's identity bytes (UTF-8, as sent); 0 when the record
    /// has no identity.
    /// </summary>
    internal static ulong Dedup(TelemetrySource source, ReadOnlySpan<byte> id, ReadOnlySpan<byte> id2) =>
        id.IsEmpty && id2.IsEmpty
            ? 0
            : StableHash64.Combine(StableHash64.Combine((ulong)source + 1, StableHash64.Of(id)), StableHash64.Of(id2));
}
