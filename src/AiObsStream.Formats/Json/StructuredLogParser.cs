using System.Text.Json;
using AiObsStream.Core.Events;
using AiObsStream.Core.Text;

namespace AiObsStream.Formats.Json;

/// <summary>
/// Parses structured application request logs: one JSON object per line (requests.jsonl) into
/// <see cref="EventKind.Request"/> events with source <see cref="TelemetrySource.Log"/>.
/// </summary>
/// <remarks>
/// <para>Keys (any ASCII case) and aliases: time = timestamp, time, @timestamp, TimeGenerated (ISO-8601, or a number
/// of Unix seconds/milliseconds); status = status, status_code; latency = latency_ms, duration_ms; ttft_ms; queue_ms;
/// prompt_tokens; completion_tokens; tokens_used (total: fills a missing prompt or completion count by difference);
/// deployment; model_version; model = model, model_name (and the other aliases of <see cref="EventHubsBodyParser"/>'s
/// table); operation = operation, endpoint; host; service (kept as the Resource dimension); request_id (dedup key).
/// Numbers may be JSON strings.</para>
/// <para>Rejects (the line is a unit): malformed JSON (<see cref="RejectReason.Malformed"/>), not an object, no time,
/// or neither status nor latency (<see cref="RejectReason.UnknownShape"/>), a time that cannot be parsed, a value
/// outside its plausible range (<see cref="ValueRanges"/>) or of the wrong JSON type (<see cref="TypeRules"/>:
/// <c>"latency_ms":"12 ms"</c>, <c>"deployment":5</c>) (<see cref="RejectReason.InvalidValue"/>). Not thread-safe; never throws on any byte input.</para>
/// </remarks>
public sealed partial class StructuredLogParser : IUnitParser, IDisposable
{
    /// <summary>The numeric fields a line uses, checked against <see cref="ValueRanges"/>.</summary>
    private static readonly JsonField[] CheckedNumbers =
    [
        JsonField.Status, JsonField.DurationMs, JsonField.PromptTokens, JsonField.CompletionTokens,
        JsonField.TotalTokens, JsonField.TtftMs, JsonField.QueueMs,
    ];

    private readonly StringPool _strings = new();
    private readonly JsonRecordReader _reader = new();
    private readonly DimsCache _dims;

    /// <summary>Creates a parser with its own string pool.</summary>
    public StructuredLogParser() => _dims = new DimsCache(_strings);

    /// <summary>Lines larger than this many bytes are rejected with <see cref="RejectReason.TooLarge"/>.</summary>
    public int MaxUnitBytes { get; init; } = EventHubsBodyParser.DefaultMaxUnitBytes;

    /// <inheritdoc />
    public bool TryParse(ReadOnlySpan<byte> unit, EventBuffer output, List<ParseError> recordRejects, out ParseError failure)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(recordRejects);
        if (unit.Length > MaxUnitBytes)
        {
            failure = JsonErrors.TooLarge(unit.Length, MaxUnitBytes);
            return false;
        }

        if (UseFastPath && TryParseFast(unit, output))
        {
            failure = default;
            return true;
        }

        if (JsonErrors.FirstInvalidUtf8(unit) is var bad and >= 0)
        {
            failure = JsonErrors.InvalidUtf8(bad, unit.Length, -1);
            return false; // a line is one record: read nothing from it rather than U+FFFD in a dimension
        }

        try
        {
            return ParseLine(unit, output, out failure);
        }
        catch (JsonException ex)
        {
            failure = JsonErrors.Malformed(unit, ex);
            return false;
        }
        catch (InvalidOperationException ex)
        {
            // An escape that unescapes to invalid UTF-16 (a lone surrogate \ud800): the reader throws on transcoding.
            failure = JsonErrors.Untranscodable(ex, -1);
            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _reader.Dispose();

    private bool ParseLine(ReadOnlySpan<byte> unit, EventBuffer output, out ParseError failure)
    {
        var reader = new Utf8JsonReader(unit, isFinalBlock: true, state: default);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            var found = reader.TokenType;
            reader.Skip();
            reader.Read(); // validates the rest, so that garbage reports Malformed rather than a shape
            failure = new ParseError(RejectReason.UnknownShape,
                "expected a JSON object per line, found " + JsonScalars.Describe(found), -1, 0);
            return false;
        }

        var s = _reader.Scratch;
        s.Reset();
        _reader.ReadObject(ref reader, JsonKeys.StructuredLog, null);
        reader.Read(); // throws when anything but whitespace follows the object
        if (Validate(s) is { } error)
        {
            failure = error;
            return false;
        }

        failure = default;
        output.Add(Build(s));
        return true;
    }

    private static ParseError? Validate(RecordScratch s)
    {
        if (s.TimeState == 0)
        {
            return new ParseError(RejectReason.UnknownShape,
                "timestamp: missing (expected one of timestamp, time, @timestamp, TimeGenerated)");
        }

        if (s.TimeState == 2)
        {
            return new ParseError(RejectReason.InvalidValue, "timestamp: not an ISO-8601 timestamp or Unix time: \""
                + System.Text.Encoding.UTF8.GetString(s.Text(JsonField.Time)) + "\"");
        }

        // Values of the wrong type or outside their range first: "status":"abc" is a bad value, not a missing one.
        if ((s.FirstTextProblem() ?? ValueRanges.FindImplausible(s, CheckedNumbers)) is { } invalid)
        {
            return new ParseError(RejectReason.InvalidValue, invalid);
        }

        return double.IsNaN(s.Number(JsonField.Status)) && double.IsNaN(s.Number(JsonField.DurationMs))
            ? new ParseError(RejectReason.UnknownShape,
                "status/latency_ms: neither is present as a number, not a request log line")
            : null;
    }

    private TelemetryEvent Build(RecordScratch s)
    {
        var dims = _dims.Get(TelemetrySource.Log, s.Text(JsonField.Deployment), s.Text(JsonField.ModelName),
            s.Text(JsonField.ModelVersion), s.Text(JsonField.OperationName), s.Text(JsonField.Service),
            s.Text(JsonField.Host));
        var e = TelemetryEvent.NewRequest(s.TimeUnixMs, dims);
        e.Status = EventHubsBodyParser.StatusOf(s.Number(JsonField.Status));
        e.Success = e.Status is >= 200 and <= 399;
        var latency = s.Number(JsonField.DurationMs);
        e.LatencyMs = latency >= 0 ? latency : double.NaN;
        e.TtftMs = s.Number(JsonField.TtftMs);
        e.QueueMs = s.Number(JsonField.QueueMs);
        var prompt = s.Number(JsonField.PromptTokens);
        var completion = s.Number(JsonField.CompletionTokens);
        var total = s.Number(JsonField.TotalTokens);
        e.PromptTokens = double.IsNaN(prompt) ? total - completion : prompt;
        e.CompletionTokens = double.IsNaN(completion) ? total - prompt : completion;
        e.Metric = ContentFilterSignal.Of(s.Text(JsonField.ErrorType), s.Text(JsonField.FinishReasons));
        e.DedupKey = EventHubsBodyParser.Dedup(TelemetrySource.Log, s.Text(JsonField.RequestId), default);
        return e;
    }
}
