using System.Net;
using System.Threading.Channels;

namespace AiObsStream.Pipeline.Sinks.Http;

/// <summary>How a <see cref="RetryingPoster{T}"/> sends: attempts, delays, timeouts, queue and clock.</summary>
/// <param name="MaxAttempts">Attempts per item before it fails (408, 429, 5xx and network errors are retried).</param>
/// <param name="BaseDelay">First retry delay (doubled per attempt, with jitter, capped by <paramref name="MaxDelay"/>).</param>
/// <param name="MaxDelay">Longest delay between attempts (also caps Retry-After).</param>
/// <param name="RequestTimeout">Timeout of one request.</param>
/// <param name="QueueCapacity">Items waiting; beyond it an item fails at once ("queue full"), never blocking the caller.</param>
/// <param name="DrainTimeout">How long flush and shutdown wait for the queue to drain.</param>
/// <param name="Time">Clock of the delays and the drain timeout (tests pass a fake one).</param>
internal sealed record PostSettings(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay, TimeSpan RequestTimeout,
    int QueueCapacity, TimeSpan DrainTimeout, TimeProvider Time);

/// <summary>What became of one item: accepted (2xx) or failed with the last error.</summary>
/// <param name="Succeeded">Whether the receiver accepted it.</param>
/// <param name="Attempts">Requests made (0 when it never left the queue).</param>
/// <param name="Status">The last HTTP status, when an answer came.</param>
/// <param name="Error">Why it failed (null when it succeeded).</param>
internal readonly record struct PostOutcome(bool Succeeded, int Attempts, int? Status, string? Error);

/// <summary>
/// The delivery loop shared by the webhook and action sinks: a bounded queue drained by one sender task, one POST per
/// item retried on 408/429/5xx and network errors with jittered exponential backoff that honours Retry-After, and a
/// drain signal for flush and shutdown. Each item's outcome goes to <c>completed</c> exactly once, on the sender task
/// (or on the caller's thread when the queue refuses it).
/// </summary>
/// <remarks>
/// Never blocks its caller and never dies quietly: one item's unexpected error is counted as a fault, fails that item
/// and the loop goes on. Retries are written here rather than with Polly because the pipeline project takes no client
/// packages (Polly lives in the Log Analytics adapter); the policy is small and its tests drive it with a fake clock.
/// Flush and shutdown wait on a signal, not a poll: shutdown waits at most the drain timeout, then cancels the request
/// in flight and fails what is left ("shutdown before delivery").
/// </remarks>
/// <typeparam name="T">The queued item.</typeparam>
internal sealed class RetryingPoster<T> : IAsyncDisposable
{
    private readonly PostSettings _settings;
    private readonly Func<T, HttpRequestMessage> _request;
    private readonly Func<T, string> _describe;
    private readonly Action<T, PostOutcome> _completed;
    private readonly HttpClient _http;
    private readonly Channel<T> _queue;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _sender;
    private readonly Lock _drainGate = new();
    private TaskCompletionSource? _drained;
    private long _pending;
    private long _retries;
    private long _faults;
    private string? _lastError;
    private int _disposed;

    /// <summary>Creates the poster and starts its sender.</summary>
    /// <param name="settings">Attempts, delays, queue and clock.</param>
    /// <param name="request">Builds the request of one attempt (a new message per attempt).</param>
    /// <param name="describe">Names an item in <see cref="LastError"/> (a URL, an action).</param>
    /// <param name="completed">Receives each item's outcome once.</param>
    /// <param name="handler">HTTP handler (tests).</param>
    public RetryingPoster(PostSettings settings, Func<T, HttpRequestMessage> request, Func<T, string> describe,
        Action<T, PostOutcome> completed, HttpMessageHandler? handler)
    {
        _settings = settings;
        _request = request;
        _describe = describe;
        _completed = completed;
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.Timeout = settings.RequestTimeout;
        _queue = Channel.CreateBounded<T>(new BoundedChannelOptions(settings.QueueCapacity) { SingleReader = true });
        _sender = Task.Run(SendLoopAsync);
    }

    /// <summary>Items queued or in flight.</summary>
    public long Pending => Interlocked.Read(ref _pending);

    /// <summary>Retries made.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Unexpected errors survived (each failed its item).</summary>
    public long Faults => Interlocked.Read(ref _faults);

    /// <summary>The last delivery error, naming its item.</summary>
    public string? LastError => Volatile.Read(ref _lastError);

    /// <summary>The problem that makes the owning sink unhealthy: a full queue or a sender that stopped; null when fine.</summary>
    /// <param name="name">The sink's name, prefixed to the message.</param>
    /// <param name="what">What is queued (payloads, actions).</param>
    /// <param name="overflow">What happens to new items while the queue is full.</param>
    public string? Problem(string name, string what, string overflow)
    {
        var pending = Pending;
        if (pending >= _settings.QueueCapacity)
        {
            return $"{name}: queue full ({pending} {what} waiting; {overflow})";
        }

        return _sender.IsCompleted && Volatile.Read(ref _disposed) == 0 ? $"{name}: the sender stopped" : null;
    }

    /// <summary>Queues <paramref name="item"/>; a full queue or a poster shutting down fails it at once.</summary>
    public void Enqueue(T item)
    {
        Interlocked.Increment(ref _pending);
        if (!_queue.Writer.TryWrite(item))
        {
            Complete(item, new PostOutcome(false, 0, null, Volatile.Read(ref _disposed) != 0 ? "shutdown before delivery" : "queue full"));
        }
    }

    /// <summary>Counts an unexpected error of the owner's own (e.g. its log file) as a fault and reports it as the last error.</summary>
    public void NoteFault(string problem)
    {
        Interlocked.Increment(ref _faults);
        Volatile.Write(ref _lastError, problem);
    }

    /// <summary>Returns when every item queued so far has its outcome, or after the drain timeout.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        Task drained;
        lock (_drainGate)
        {
            // Checked under the gate that the last completion takes too, so the signal cannot fire between check and wait.
            if (Interlocked.Read(ref _pending) == 0)
            {
                return;
            }

            drained = (_drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }

        try
        {
            await drained.WaitAsync(_settings.DrainTimeout, _settings.Time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A slow or failing receiver: the caller goes on; the outcome comes when it comes.
        }
    }

    /// <summary>Drains for at most the drain timeout, then cancels what is in flight and fails the rest. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        try
        {
            await _sender.WaitAsync(_settings.DrainTimeout, _settings.Time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await _stopping.CancelAsync().ConfigureAwait(false); // the sender fails the rest and returns
            await _sender.ConfigureAwait(false);
        }

        _http.Dispose();
        _stopping.Dispose();
    }

    private async Task SendLoopAsync()
    {
        var stop = _stopping.Token;
        try
        {
            await foreach (var item in _queue.Reader.ReadAllAsync(stop).ConfigureAwait(false))
            {
                PostOutcome outcome;
                try
                {
                    outcome = await SendAsync(item, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    outcome = new PostOutcome(false, 0, null, "shutdown before delivery");
                }
#pragma warning disable CA1031 // the loop boundary: one item's unexpected error must not end delivery of the others
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Interlocked.Increment(ref _faults);
                    outcome = new PostOutcome(false, 0, null, "unexpected error: " + ex.Message);
                }

                Complete(item, outcome);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Shutdown after the drain timeout: the rest fails below.
        }

        while (_queue.Reader.TryRead(out var left))
        {
            Complete(left, new PostOutcome(false, 0, null, "shutdown before delivery"));
        }
    }

    private async Task<PostOutcome> SendAsync(T item, CancellationToken stop)
    {
        var error = string.Empty;
        int? status = null;
        for (var attempt = 1; attempt <= _settings.MaxAttempts; attempt++)
        {
            TimeSpan? retryAfter = null;
            try
            {
                using var request = _request(item);
                using var response = await _http.SendAsync(request, stop).ConfigureAwait(false);
                status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    return new PostOutcome(true, attempt, status, null);
                }

                error = $"HTTP {status} {response.ReasonPhrase}";
                if (!IsTransient(response.StatusCode))
                {
                    Volatile.Write(ref _lastError, $"{_describe(item)}: {error}");
                    return new PostOutcome(false, attempt, status, error);
                }

                retryAfter = response.Headers.RetryAfter?.Delta;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !stop.IsCancellationRequested)
            {
                status = null;
                error = ex is TaskCanceledException ? $"timed out after {_settings.RequestTimeout}" : ex.Message;
            }

            Volatile.Write(ref _lastError, $"{_describe(item)}: {error}");
            if (attempt < _settings.MaxAttempts)
            {
                Interlocked.Increment(ref _retries);
                await Task.Delay(Backoff(attempt, retryAfter), _settings.Time, stop).ConfigureAwait(false);
            }
        }

        return new PostOutcome(false, _settings.MaxAttempts, status, error);
    }

    private static bool IsTransient(HttpStatusCode code) =>
        code is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)code >= 500;

    private TimeSpan Backoff(int attempt, TimeSpan? retryAfter)
    {
        var exponential = _settings.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        var jittered = exponential * (0.5 + (Random.Shared.NextDouble() * 0.5));
        var wait = Math.Max(jittered, retryAfter?.TotalMilliseconds ?? 0);
        return TimeSpan.FromMilliseconds(Math.Min(wait, _settings.MaxDelay.TotalMilliseconds));
    }

    /// <summary>Hands the outcome to the owner (whose errors are its own: counted, never thrown into the loop), then wakes a waiting flush.</summary>
    private void Complete(T item, PostOutcome outcome)
    {
        try
        {
            _completed(item, outcome);
        }
#pragma warning disable CA1031 // the owner's record of an outcome failed: counted, and the loop goes on
        catch (Exception ex)
#pragma warning restore CA1031
        {
            NoteFault($"{_describe(item)}: recording the outcome failed: {ex.Message}");
        }
        finally
        {
            if (Interlocked.Decrement(ref _pending) == 0)
            {
                lock (_drainGate)
                {
                    _drained?.TrySetResult();
                    _drained = null;
                }
            }
        }
    }
}
