using System.Net;
using System.Net.Sockets;

namespace AiObsStream.TestKit;

/// <summary>Starts an <see cref="HttpListener"/> on a free 127.0.0.1 port (the one place test servers get their port).</summary>
public static class LoopbackListener
{
    /// <summary>Starts a listener; retries when another process takes the probed port before it binds.</summary>
    /// <param name="baseUri">The server's base address, <c>http://127.0.0.1:PORT/</c>.</param>
    /// <returns>The started listener (the caller disposes it).</returns>
    public static HttpListener Start(out Uri baseUri)
    {
        for (var attempt = 1; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var listener = new HttpListener();
            var prefix = FormattableString.Invariant($"http://127.0.0.1:{port}/");
            listener.Prefixes.Add(prefix);
            try
            {
                listener.Start();
                baseUri = new Uri(prefix);
                return listener;
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                listener.Close();
            }
        }
    }
}
