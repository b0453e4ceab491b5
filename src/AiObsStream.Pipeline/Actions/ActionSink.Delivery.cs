using System.Net;
using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using System.Text.Json;
using AiObsStream.Core.Actions;

namespace AiObsStream.Pipeline.Actions;

/// <content>The sender loop: one POST per action with retries; the answer becomes a record.</content>
public sealed partial class ActionSink
{
    private static readonly JsonWriterOptions BodyOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private async Task SendLoopAsync()
    {
        var stop = _stopping.Token;
        try
        {
            await foreach (var decision in _queue.Reader.ReadAllAsync(stop).ConfigureAwait(false))
            {
                try
                {
                    await SendAsync(decision, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    Fail(decision, "shutdown before an answer", 0, null);
                }
#pragma warning disable CA1031 // the loop boundary: one action's unexpected error must not end the sending of the others
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Interlocked.Increment(ref _faults);
                    Fail(decision, "unexpected error: " + ex.Message, 0, null);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Shutdown after the drain timeout: the rest is recorded as failed below.
        }

        while (_queue.Reader.TryRead(out var left))
        {
            Fail(left, "shutdown before sending", 0, null);
        }
    }

    private async Task SendAsync(ActionDecision decision, CancellationToken stop)
    {
        var body = Body(decision);
        var error = string.Empty;
        int? status = null;
        for (var attempt = 1; attempt <= _options.MaxAttempts; attempt++)
        {
            TimeSpan? retryAfter = null;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, decision.Action.Url);
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.TryAddWithoutValidation("Idempotency-Key", decision.IdempotencyKey);
                using var response = await _http.SendAsync(request, stop).ConfigureAwait(false);
                status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref _sent);
                    Record(new ActionRecord { Decision = decision, Outcome = ActionOutcome.Sent, RecordedAtMs = Now(), HttpStatus = status, Attempts = attempt });
                    Finish();
                    return;
                }

                error = $"HTTP {status} {response.ReasonPhrase}";
                if (!IsTransient(response.StatusCode))
                {
                    Fail(decision, error, attempt, status);
                    return;
                }

                retryAfter = response.Headers.RetryAfter?.Delta;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !stop.IsCancellationRequested)
            {
                status = null;
                error = ex is TaskCanceledException ? $"timed out after {_options.RequestTimeout}" : ex.Message;
            }

            Volatile.Write(ref _lastError, $"{decision.Action.Name} ({decision.Action.Target}): {error}");
            if (attempt < _options.MaxAttempts)
            {
                Interlocked.Increment(ref _retries);
                await Task.Delay(Backoff(attempt, retryAfter), _time, stop).ConfigureAwait(false);
            }
        }

        Fail(decision, error, _options.MaxAttempts, status);
    }

    private void Fail(ActionDecision decision, string error, int attempts, int? status)
    {
        Interlocked.Increment(ref _failed);
        Volatile.Write(ref _lastError, $"{decision.Action.Name} ({decision.Action.Target}): {error}");
        Record(new ActionRecord
        {
            Decision = decision, Outcome = ActionOutcome.Failed, RecordedAtMs = Now(), HttpStatus = status, Attempts = attempts, Error = error,
        });
        Finish();
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
