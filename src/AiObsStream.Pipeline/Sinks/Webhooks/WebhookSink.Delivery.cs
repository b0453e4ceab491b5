using System.Text;
using System.Text.Json;
using AiObsStream.Pipeline.Sinks.Http;

namespace AiObsStream.Pipeline.Sinks.Webhooks;

/// <content>The request of a payload, its outcome, and the dead-letter file.</content>
public sealed partial class WebhookSink
{
    private static HttpRequestMessage Request(Delivery delivery)
    {
        var content = new ByteArrayContent(delivery.Payload);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = content };
    }

    /// <summary>A payload's outcome: counted as delivered, or dead-lettered with its last error.</summary>
    private void Completed(Delivery delivery, PostOutcome outcome)
    {
        if (outcome.Succeeded)
        {
            Interlocked.Increment(ref _delivered);
        }
        else
        {
            DeadLetter(delivery, outcome.Error ?? string.Empty, outcome.Attempts);
        }
    }

    /// <summary>
    /// Appends the payload to the dead-letter file. A file that cannot be written loses the payload: counted as a fault
    /// (and lost), reported as the sink's problem until a later write succeeds; never thrown into the sender loop.
    /// </summary>
    private void DeadLetter(Delivery delivery, string error, int attempts)
    {
        try
        {
            lock (_deadGate)
            {
                var line = JsonSerializer.Serialize(
                    new WebhookDeadLetter(delivery.Url.ToString(), delivery.IncidentId, error, attempts, Encoding.UTF8.GetString(delivery.Payload)),
                    WebhookJsonContext.Default.WebhookDeadLetter);
                File.AppendAllText(_options.DeadLetterPath, line + "\n");
            }

            Interlocked.Increment(ref _deadLettered);
            Volatile.Write(ref _deadLetterProblem, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Interlocked.Increment(ref _lost);
            var problem = $"webhook: dead-letter file {_options.DeadLetterPath} cannot be written ({ex.Message}); undeliverable payloads are lost";
            Volatile.Write(ref _deadLetterProblem, problem);
            _poster.NoteFault(problem);
        }
    }
}
