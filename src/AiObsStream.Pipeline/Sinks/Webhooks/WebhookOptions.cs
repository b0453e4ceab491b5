namespace AiObsStream.Pipeline.Sinks.Webhooks;

/// <summary>Where and how notifications are posted as Azure Monitor common-alert-schema webhooks.</summary>
public sealed record WebhookOptions
{
    /// <summary>Receivers (http or https).</summary>
    public required IReadOnlyList<Uri> Urls { get; init; }

    /// <summary>File that keeps payloads that could not be delivered (one JSON object per line).</summary>
    public required string DeadLetterPath { get; init; }

    /// <summary>Attempts per payload and receiver before it is dead-lettered.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>First retry delay (doubled per attempt, with jitter, capped by <see cref="MaxDelay"/>).</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest delay between attempts (also caps Retry-After).</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of one request.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Payloads waiting to be sent; beyond it new payloads are dead-lettered (counted), never blocking the engine.</summary>
    public int QueueCapacity { get; init; } = 10_000;

    /// <summary>How long flush and shutdown wait for the queue to drain.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Clock of the retry delays and the drain timeout (tests pass a fake one).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Throws when a setting is invalid, naming it.</summary>
    public void Validate()
    {
        if (Urls.Count == 0)
        {
            throw new ArgumentException("--webhook: at least one URL is required");
        }

        foreach (var url in Urls)
        {
            if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException($"--webhook {url}: not an http(s) URL");
            }
        }

        if (MaxAttempts < 1 || QueueCapacity < 1 || BaseDelay < TimeSpan.Zero || MaxDelay < BaseDelay || RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("webhook options: attempts, queue capacity and delays must be positive (MaxDelay >= BaseDelay)");
        }
    }
}
