using System.Net;
using AiObsStream.TestKit;

namespace AiObsStream.Benchmarks.LogAnalytics;

/// <summary>A loopback endpoint that reads each body and answers 204 (the Logs Ingestion success path).</summary>
internal sealed class NoContentServer : IDisposable
{
    private readonly HttpListener _listener;
    private readonly Task _loop;

    public NoContentServer()
    {
        _listener = LoopbackListener.Start(out var baseUri);
        Endpoint = new Uri(baseUri.GetLeftPart(UriPartial.Authority));
        _loop = Task.Run(ServeAsync);
    }

    public Uri Endpoint { get; }

    private async Task ServeAsync()
    {
        var sink = new byte[1 << 16];
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            while (await context.Request.InputStream.ReadAsync(sink) > 0)
            {
            }

            context.Response.StatusCode = 204;
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Close();
        _loop.GetAwaiter().GetResult();
    }
}
