using System.Net;
using System.Net.Sockets;

namespace AiObsStream.Cli.Commands;

/// <summary>Fails fast on receivers whose host name does not resolve (a typo is better reported at start than spooled).</summary>
internal static class EndpointCheck
{
    public static void EnsureResolvable(Uri url, string setting)
    {
        if (url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 || url.IsLoopback)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var addresses = Dns.GetHostAddressesAsync(url.DnsSafeHost, timeout.Token).GetAwaiter().GetResult();
            if (addresses.Length == 0)
            {
                throw new ArgumentException($"{setting} {url}: host '{url.DnsSafeHost}' has no addresses");
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            throw new ArgumentException($"{setting} {url}: host '{url.DnsSafeHost}' cannot be resolved ({ex.Message})", ex);
        }
    }
}
