namespace AiObsStream.LogAnalytics.Internal;

/// <summary>Outcome of <see cref="IngestionClient.PostAsync"/>.</summary>
/// <param name="Status">Classification.</param>
/// <param name="HttpStatus">Last HTTP status (0 for timeouts and network errors).</param>
/// <param name="Detail">The service's error body (first 1 KB) or the exception message.</param>
internal readonly record struct IngestionResult(DeliveryStatus Status, int HttpStatus, string Detail);
