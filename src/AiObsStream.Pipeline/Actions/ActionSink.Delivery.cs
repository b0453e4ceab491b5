using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using System.Text.Json;
using AiObsStream.Core.Actions;
using AiObsStream.Pipeline.Sinks.Http;

namespace AiObsStream.Pipeline.Actions;

/// <content>The request of an action (one POST with an Idempotency-Key) and its answer as a record.</content>
public sealed partial class ActionSink
{
    private static readonly JsonWriterOptions BodyOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static HttpRequestMessage Request(ActionDecision decision)
    {
        var content = new ByteArrayContent(Body(decision));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, decision.Action.Url) { Content = content };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", decision.IdempotencyKey);
        return request;
    }

    /// <summary>An action's answer becomes its record: sent (2xx) or failed with the last error.</summary>
    private void Completed(ActionDecision decision, PostOutcome outcome)
    {
        if (outcome.Succeeded)
        {
            Interlocked.Increment(ref _sent);
            Record(new ActionRecord { Decision = decision, Outcome = ActionOutcome.Sent, RecordedAtMs = Now(), HttpStatus = outcome.Status, Attempts = outcome.Attempts });
            return;
        }

        Interlocked.Increment(ref _failed);
        Record(new ActionRecord
        {
            Decision = decision, Outcome = ActionOutcome.Failed, RecordedAtMs = Now(), HttpStatus = outcome.Status,
            Attempts = outcome.Attempts, Error = outcome.Error,
        });
    }

    /// <summary>The request body of a decision (also what a dry run would have sent).</summary>
    internal static byte[] Body(ActionDecision decision)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, BodyOptions))
        {
            ActionJson.WriteBody(writer, decision);
        }

        return stream.ToArray();
    }
}
