using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace AiObsStream.LogAnalytics.Internal;

/// <summary>
/// POSTs gzip JSON arrays to <c>{endpoint}/dataCollectionRules/{dcr}/streams/{stream}?api-version=2023-01-01</c>.
/// Polly retries 408/429/5xx, timeouts and network errors with jittered exponential backoff, honouring Retry-After.
/// </summary>
/// <remarks>Used by the single sender loop; counters are read from other threads.</remarks>
internal sealed class IngestionClient : IDisposable
{
    private const string ApiVersion = "2023-01-01";
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;
    private readonly AccessTokenSource _tokens;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly Uri _metricsUri;
    private readonly Uri _alertsUri;
    private readonly Uri _incidentsUri;
    private readonly Uri _actionsUri;
    private readonly TimeSpan _maxDelay;
    private long _requests;
    private long _retries;

    public IngestionClient(LogAnalyticsOptions options, AccessTokenSource tokens, HttpMessageHandler? handler = null)
    {
        _tokens = tokens;
        _maxDelay = options.RetryMaxDelay;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan, // per-attempt timeout is the pipeline's
        };
        var baseUri = options.Endpoint!.AbsoluteUri.TrimEnd('/');
        _metricsUri = StreamUri(baseUri, options.DcrImmutableId, options.MetricsStream);
        _alertsUri = StreamUri(baseUri, options.DcrImmutableId, options.AlertsStream);
        _incidentsUri = StreamUri(baseUri, options.DcrImmutableId, options.IncidentsStream);
        _actionsUri = StreamUri(baseUri, options.DcrImmutableId, options.ActionsStream);
        _pipeline = BuildPipeline(options);
    }

    public long Requests => Interlocked.Read(ref _requests);

    public long Retries => Interlocked.Read(ref _retries);

    public Uri UriOf(StreamKind kind) => kind switch
    {
        StreamKind.Metrics => _metricsUri,
        StreamKind.Alerts => _alertsUri,
        StreamKind.Actions => _actionsUri,
        _ => _incidentsUri,
    };

    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>Sends one gzip body with retries. Throws only <see cref="OperationCanceledException"/> for <paramref name="ct"/>.</summary>
    public async Task<IngestionResult> PostAsync(StreamKind kind, byte[] gzip, CancellationToken ct)
    {
        var state = new SendState(this, UriOf(kind), gzip, Guid.NewGuid().ToString());
        try
        {
            using var response = await _pipeline.ExecuteAsync(
                static (s, token) => new ValueTask<HttpResponseMessage>(s.Client.SendOnceAsync(s, token)), state, ct).ConfigureAwait(false);
            return await ClassifyAsync(response, ct).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex)
        {
            return new IngestionResult(DeliveryStatus.Transient, 0, "request timed out: " + ex.Message);
        }
        catch (HttpRequestException ex)
        {
            return new IngestionResult(DeliveryStatus.Transient, 0, "network error: " + ex.Message);
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendOnceAsync(SendState s, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, s.Uri);
        var token = await _tokens.GetTokenAsync(ct).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.TryAddWithoutValidation("x-ms-client-request-id", s.RequestId);
        request.Content = new ByteArrayContent(s.Gzip);
        request.Content.Headers.ContentType = Json;
        request.Content.Headers.ContentEncoding.Add("gzip");
        Interlocked.Increment(ref _requests);
        return await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
    }

    private static async Task<IngestionResult> ClassifyAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var status = response.StatusCode;
        if (status is HttpStatusCode.NoContent or HttpStatusCode.OK or HttpStatusCode.Accepted)
        {
            return new IngestionResult(DeliveryStatus.Delivered, (int)status, string.Empty);
        }

        var body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        var detail = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 1024));
        var kind = status switch
        {
            HttpStatusCode.RequestEntityTooLarge => DeliveryStatus.TooLarge,
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => DeliveryStatus.AuthFailed,
            HttpStatusCode.NotFound => DeliveryStatus.NotFound,
            _ when IsTransient(status) => DeliveryStatus.Transient,
            _ => DeliveryStatus.Rejected,
        };
        return new IngestionResult(kind, (int)status, detail);
    }

    private ResiliencePipeline<HttpResponseMessage> BuildPipeline(LogAnalyticsOptions options)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Exception is HttpRequestException or TimeoutRejectedException
                    || (args.Outcome.Result is { } r && IsTransient(r.StatusCode))),
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Result is { } r && RetryAfter.From(r.Headers, DateTimeOffset.UtcNow) is { } wait
                        ? (TimeSpan?)(wait < _maxDelay ? wait : _maxDelay)
                        : null),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    Interlocked.Increment(ref _retries);
                    return default;
                },
            });
        }

        return builder.AddTimeout(options.RequestTimeout).Build();
    }

    private static Uri StreamUri(string baseUri, string dcr, string stream) =>
        new($"{baseUri}/dataCollectionRules/{Uri.EscapeDataString(dcr)}/streams/{Uri.EscapeDataString(stream)}?api-version={ApiVersion}");

    private sealed record SendState(IngestionClient Client, Uri Uri, byte[] Gzip, string RequestId);
}
