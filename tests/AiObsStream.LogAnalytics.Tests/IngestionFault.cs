namespace AiObsStream.LogAnalytics.Tests;

/// <summary>One scheduled answer of <see cref="IngestionTestServer"/> (consumed by one request).</summary>
internal sealed record IngestionFault(int Status, string Body = "")
{
    public string? RetryAfter { get; init; }

    public string? RetryAfterMs { get; init; }

    /// <summary>Wait this long before answering (the client may time out first).</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Store the rows before the delay and answer 204 (a timeout then yields duplicates).</summary>
    public bool AcceptThenDelay { get; init; }

    /// <summary>Hold the request until the gate is released (after <see cref="Delay"/>), then answer
    /// <see cref="Status"/>, even if the client has given up meanwhile (a late accept of an abandoned request).</summary>
    public FaultGate? Gate { get; init; }

    public static IngestionFault Forbidden(string dcr) => new(403,
        "{\"error\":{\"code\":\"OperationFailed\",\"message\":\"The authentication token provided does not have access to ingest data for the data collection rule with immutable Id '" + dcr + "'.\"}}");

    public static IngestionFault Unauthorized() => new(401, "{\"error\":{\"code\":\"InvalidToken\",\"message\":\"The token is invalid.\"}}");

    public static IngestionFault Throttled(string retryAfterSeconds) => new(429,
        "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"Rate limit exceeded.\"}}") { RetryAfter = retryAfterSeconds };

    public static IngestionFault Unavailable() => new(503, "{\"error\":{\"code\":\"ServiceUnavailable\",\"message\":\"Try again later.\"}}");
}
