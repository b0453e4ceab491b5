using System.Net;
using System.Text;
using System.Text.Json;

namespace AiObsStream.Pipeline.Sinks.Webhooks;

/// <content>The sender loop: delivery with retries, and the dead-letter file.</content>
public sealed partial class WebhookSink
{
    private async Task SendLoopAsync()
    {
        var stop = _stopping.Token;
        try
        {
            await foreach (var delivery in _queue.Reader.ReadAllAsync(stop).ConfigureAwait(false))
            {
                try
                {
                    await DeliverAsync(delivery, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    DeadLetter(delivery, "shutdown before delivery", 0);
                }
#pragma warning disable CA1031 // the loop boundary: one payload's unexpected error must not end delivery of the others
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Interlocked.Increment(ref _faults);
                    DeadLetter(delivery, "unexpected error: " + ex.Message, 0);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Shutdown after the drain timeout: the rest is dead-lettered below.
        }

        while (_queue.Reader.TryRead(out var left))
        {
            DeadLetter(left, "shutdown before delivery", 0);
        }
    }

    private async Task DeliverAsync(Delivery delivery, CancellationToken stop)
    {
        string error = string.Empty;
        for (var attempt = 1; attempt <= _options.MaxAttempts; attempt++)
        {
            TimeSpan? retryAfter = null;
            try
            {
                using var content = new ByteArrayContent(delivery.Payload);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                using var response = await _http.PostAsync(delivery.Url, content, stop).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref _delivered);
                    Finish();
                    return;
                }

                error = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
                if (!IsTransient(response.StatusCode))
                {
                    DeadLetter(delivery, error, attempt);
                    return;
                }

                retryAfter = response.Headers.RetryAfter?.Delta;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !stop.IsCancellationRequested)
            {
                error = ex is TaskCanceledException ? $"timed out after {_options.RequestTimeout}" : ex.Message;
            }

            Volatile.Write(ref _lastError, $"{delivery.Url}: {error}");
            if (attempt < _options.MaxAttempts)
            {
                Interlocked.Increment(ref _retries);
                await Task.Delay(Backoff(attempt, retryAfter), _time, stop).ConfigureAwait(false);
            }
        }

        DeadLetter(delivery, error, _options.MaxAttempts);
    }

    private static bool IsTransient(HttpStatusCode code) =>
        code is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)code >= 500;

    private TimeSpan Backoff(int attempt, TimeSpan? retryAfter)
    {
        var exponential = _options.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        var jittered = exponential * (0.5 + (Random.Shared.NextDouble() * 0.5));
        var wait = Math.Max(jittered, retryAfter?.TotalMilliseconds ?? 0);
        return TimeSpan.FromMilliseconds(Math.Min(wait, _options.MaxDelay.TotalMilliseconds));
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
                var line = JsonSerializer.Serialize(new
                {
                    Url = delivery.Url.ToString(),
                    delivery.IncidentId,
                    Error = error,
                    Attempts = attempts,
                    Payload = Encoding.UTF8.GetString(delivery.Payload),
                });
                File.AppendAllText(_options.DeadLetterPath, line + "\n");
            }

            Interlocked.Increment(ref _deadLettered);
            Volatile.Write(ref _deadLetterProblem, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Interlocked.Increment(ref _faults);
            Interlocked.Increment(ref _lost);
            var problem = $"webhook: dead-letter file {_options.DeadLetterPath} cannot be written ({ex.Message}); undeliverable payloads are lost";
            Volatile.Write(ref _deadLetterProblem, problem);
            Volatile.Write(ref _lastError, problem);
        }
        finally
        {
            Finish();
        }
    }
}
