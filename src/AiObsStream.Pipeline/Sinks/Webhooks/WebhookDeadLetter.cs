namespace AiObsStream.Pipeline.Sinks.Webhooks;

/// <summary>One line of <c>webhook-deadletter.jsonl</c>: a payload no receiver accepted, with its last error.</summary>
/// <remarks>
/// Serialized through <see cref="WebhookJsonContext"/> (source-generated, so a Native AOT build needs no reflection);
/// the names and their order are the file's format, written before as an anonymous type with default options.
/// </remarks>
internal sealed record WebhookDeadLetter(string Url, string IncidentId, string Error, int Attempts, string Payload);
