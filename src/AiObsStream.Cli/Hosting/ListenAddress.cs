using System.Globalization;
using System.Net;

namespace AiObsStream.Cli.Hosting;

/// <summary>Where the service listener binds: <c>HOST:PORT</c> (an IP address, <c>localhost</c>, or <c>*</c> / <c>0.0.0.0</c> for every interface).</summary>
internal sealed record ListenAddress(string Host, int Port)
{
    /// <summary>The default: loopback only (a container exposes it with <c>--listen 0.0.0.0:9464</c>).</summary>
    public static readonly ListenAddress Default = new("127.0.0.1", 9464);

    /// <summary>
    /// The default of <c>aiobs relay</c>: the next port, so that a relay beside an engine (one pod, one network
    /// namespace, or one machine) does not collide with the engine's listener.
    /// </summary>
    public static readonly ListenAddress RelayDefault = new("127.0.0.1", 9465);

    /// <summary>The HttpListener prefix.</summary>
    public string Prefix => string.Create(CultureInfo.InvariantCulture, $"http://{(Host is "*" or "0.0.0.0" or "[::]" ? "*" : Host)}:{Port}/");

    /// <summary>Parses <c>HOST:PORT</c>; the error names <paramref name="setting"/>.</summary>
    public static bool TryParse(string? text, string setting, out ListenAddress? address, out string? error)
    {
        address = null;
        error = null;
        var colon = text?.LastIndexOf(':') ?? -1;
        if (text is null || colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            error = $"{setting}: expected HOST:PORT with a port from 1 to 65535 (e.g. 127.0.0.1:9464, 0.0.0.0:9464), got '{text}'";
            return false;
        }

        var host = text[..colon];
        var bare = host.Trim('[', ']');
        if (host is not ("*" or "localhost") && !IPAddress.TryParse(bare, out _))
        {
            error = $"{setting}: '{host}' is not an IP address, localhost or * (the listener binds a local address, not a name)";
            return false;
        }

        address = new ListenAddress(host, port);
        return true;
    }
}
