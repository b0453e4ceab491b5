using System.Net;
using System.Text;
using AiObsStream.Pipeline.Diagnostics;

namespace AiObsStream.Cli.Hosting;

/// <summary>
/// The service listener: <c>/metrics</c> (Prometheus text 0.0.4 of the AiObsStream meter), <c>/healthz</c> (live) and
/// <c>/readyz</c> (ready), 200 or 503 with a JSON reason. Requests are answered one at a time on the listener's task:
/// a scrape and two probes every few seconds need nothing more, and nothing here can block the engine.
/// </summary>
internal sealed class ServiceEndpoint : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly PrometheusExposition _exposition;
    private readonly IServiceHealth _health;
    private readonly Task _loop;

    private ServiceEndpoint(HttpListener listener, PrometheusExposition exposition, IServiceHealth health, Uri address)
    {
        _listener = listener;
        _exposition = exposition;
        _health = health;
        Address = address;
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>The base address served (<c>http://HOST:PORT/</c>).</summary>
    public Uri Address { get; }

    /// <summary>Starts serving on <paramref name="listen"/>.</summary>
    /// <exception cref="HttpListenerException">The address cannot be bound (in use, not a local address).</exception>
    public static ServiceEndpoint Start(ListenAddress listen, IServiceHealth health)
    {
        ArgumentNullException.ThrowIfNull(listen);
        var listener = new HttpListener();
        listener.Prefixes.Add(listen.Prefix);
        try
        {
            listener.Start();
        }
        catch
        {
            listener.Close();
            throw;
        }

        return new ServiceEndpoint(listener, new PrometheusExposition(AiObsMetrics.MeterName), health, new Uri(listen.Prefix.Replace("*", "127.0.0.1", StringComparison.Ordinal)));
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _listener.Close(); // ends a pending GetContextAsync: the loop returns
        await _loop.ConfigureAwait(false);
        _exposition.Dispose();
    }

    private async Task ServeAsync()
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // closed
            }

            try
            {
                await AnswerAsync(context).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // the loop boundary: a client that hangs up mid-answer (or any answer's error) must not end the listener
            catch (Exception)
#pragma warning restore CA1031
            {
                context.Response.Abort();
            }
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var path = context.Request.Url?.AbsolutePath.TrimEnd('/') ?? string.Empty;
        var (status, type, body) = path switch
        {
            "/metrics" => (200, PrometheusExposition.ContentType, _exposition.Collect()),
            "/healthz" => Probe(_health.Live()),
            "/readyz" => Probe(_health.Ready()),
            _ => (404, "text/plain; charset=utf-8", "not found: try /metrics, /healthz or /readyz\n"),
        };
        var bytes = Encoding.UTF8.GetBytes(body);
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = type;
        response.ContentLength64 = bytes.Length;
        if (context.Request.HttpMethod != "HEAD")
        {
            await response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
        }

        response.Close();
    }

    private static (int Status, string Type, string Body) Probe(HealthReport report) =>
        (report.Ok ? 200 : 503, "application/json; charset=utf-8", report.ToJson() + "\n");
}
