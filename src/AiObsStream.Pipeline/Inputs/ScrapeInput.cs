using System.Net.Http.Headers;
using System.Threading.Channels;
using AiObsStream.Core.Events;
using AiObsStream.Formats;
using AiObsStream.Formats.Prometheus;

namespace AiObsStream.Pipeline.Inputs;

/// <summary>
/// Scrapes a live Prometheus / dcgm-exporter endpoint every interval (event time = scrape time for samples without
/// timestamps). Runs until cancelled; a cancelled scrape loop ends the input normally so the engine drains and flushes.
/// The response's Content-Type decides the dialect: <c>application/openmetrics-text</c> is OpenMetrics (a body without
/// its <c># EOF</c>, or with text after it, is rejected whole), <c>text/plain</c> is 0.0.4, anything else is decided by
/// the <see cref="UnitRouter"/> from the body's bytes, as for a file or a Kafka message (Prometheus when they name no
/// format).
/// </summary>
/// <remarks>
/// A failed scrape (connection refused, timeout, non-2xx) is counted and reported, not fatal: the input keeps its
/// schedule, and its silence shows up in the ingestion metrics and the ingestion-silence rule.
/// </remarks>
internal sealed class ScrapeInput : IInput
{
    private readonly Uri _url;
    private readonly TimeSpan _interval;
    private readonly InputOptions _options;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly int? _maxScrapes;

    public ScrapeInput(Uri url, TimeSpan interval, InputOptions options, HttpClient http, TimeProvider? time = null, int? maxScrapes = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.FromMilliseconds(100));
        _url = url;
        _interval = interval;
        _options = options;
        _http = http;
        _time = time ?? TimeProvider.System;
        _maxScrapes = maxScrapes;
        Name = url.ToString();
    }

    public string Name { get; }

    /// <summary>A scrape target is live: its silence is measured in processing time.</summary>
    public bool IsLive => true;

    /// <summary>Scrapes that failed.</summary>
    public long Failures { get; private set; }

    /// <summary>The last failure, for the console.</summary>
    public string? LastFailure { get; private set; }

    public async Task RunAsync(ChannelWriter<InputBatch> output, CancellationToken cancellationToken)
    {
        using var router = new UnitRouter(_options);
        var builder = new BatchBuilder(Name, _options);
        var scrapes = 0;
        try
        {
            using var timer = new PeriodicTimer(_interval, _time);
            do
            {
                var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
                var (body, mediaType) = await FetchAsync(cancellationToken).ConfigureAwait(false);
                if (body is not null)
                {
                    // A Prometheus Content-Type decides the format and the dialect (and so how timestamps read); without
                    // one the body's bytes decide, and a body that names no format is read as what endpoints serve.
                    var dialect = ExpositionSniffer.FromContentType(mediaType);
                    router.Accept(builder, body, scrapes + 1, dialect == PrometheusDialect.Auto ? null : InputFormat.Prometheus,
                        fallback: InputFormat.Prometheus, dialect: dialect, defaultTimeUnixMs: now);
                }

                // A live input's event time advances with the clock even when the target is down.
                builder.Current.MaxTimeUnixMs = Math.Max(builder.Current.MaxTimeUnixMs, now);
                builder.Current.Source ??= TelemetrySource.DCGM;
                await output.WriteAsync(builder.Take(), cancellationToken).ConfigureAwait(false);
                scrapes++;
            }
            while ((_maxScrapes is null || scrapes < _maxScrapes) && await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stop requested: end the input normally so everything downstream drains.
        }

        output.TryComplete();
    }

    private async Task<(byte[]? Body, string? MediaType)> FetchAsync(CancellationToken ct)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, _url);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain"));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/openmetrics-text", 0.5));
            // The timeout runs on the input's clock, the one that stamps the scrape and ticks its schedule: on the
            // machine's clock (CancelAfter) a test or replay on fake time still abandoned a scrape whenever the process
            // was slower than one interval (a loaded CI machine), and the scrape's records never arrived.
            using var deadline = new CancellationTokenSource(_interval, _time);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                Fail($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
                return default;
            }

            if (response.Content.Headers.ContentLength > _options.MaxUnitBytes)
            {
                Fail($"scrape body of {response.Content.Headers.ContentLength} bytes exceeds {_options.MaxUnitBytes}");
                return default;
            }

            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            return (body, response.Content.Headers.ContentType?.MediaType);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Fail($"timed out after {_interval}");
            return default;
        }
        catch (HttpRequestException ex)
        {
            Fail(ex.Message);
            return default;
        }
    }

    private void Fail(string message)
    {
        Failures++;
        LastFailure = $"{Name}: {message}";
    }
}
