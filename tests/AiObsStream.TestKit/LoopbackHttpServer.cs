using System.Net;
using System.Text;

namespace AiObsStream.TestKit;

/// <summary>A tiny HTTP server on 127.0.0.1 that answers every request with the current response (status + body).</summary>
public sealed class LoopbackHttpServer : IDisposable
{
    private readonly HttpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LoopbackHttpServer()
    {
        _listener = LoopbackListener.Start(out var baseUri);
        Url = new Uri(baseUri, "metrics");
        _loop = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    public int Status { get; set; } = 200;

    public string Body { get; set; } = string.Empty;

    /// <summary>The Content-Type of responses; null sends none.</summary>
    public string? ContentType { get; set; } = "text/plain; version=0.0.4";

    private int _requests;

    /// <summary>Requests served.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Optional status per request number (1-based); overrides <see cref="Status"/> when set.</summary>
    public Func<int, int>? StatusFor { get; set; }

    /// <summary>Bodies of the requests received, in arrival order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Received { get; } = new();

    /// <summary>The Idempotency-Key header of each request received (null when absent), in arrival order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string?> IdempotencyKeys { get; } = new();

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }

            var number = Interlocked.Increment(ref _requests);
            var bytes = Encoding.UTF8.GetBytes(Body);
            try
            {
                using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
                {
                    Received.Enqueue(await reader.ReadToEndAsync());
                }

                IdempotencyKeys.Enqueue(context.Request.Headers["Idempotency-Key"]);

                context.Response.StatusCode = StatusFor?.Invoke(number) ?? Status;
                context.Response.ContentType = ContentType;

                // A Content-Length, and no write at all for an empty body: the managed HttpListener answers without one
                // in chunked encoding and turns a zero-byte write into a terminating "0" chunk, then writes another
                // on Close. The client, reusing the connection, could read that stray "0" as the next response's status
                // line ("Received an invalid status line: '0'"): a RetryingPoster test failed so under CPU load.
                context.Response.ContentLength64 = bytes.Length;
                if (bytes.Length > 0)
                {
                    await context.Response.OutputStream.WriteAsync(bytes);
                }

                context.Response.Close();
            }
            catch (HttpListenerException)
            {
                // the client gave up (timeout): nothing to answer
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        try
        {
            _loop.GetAwaiter().GetResult();
        }
        catch (ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }
}
