using System.Net.Sockets;
using System.Text;
using AiObsStream.TestKit;

namespace AiObsStream.Pipeline.Tests.TestKit;

/// <summary>The loopback server the HTTP sink and scrape tests use frames its responses exactly.</summary>
[Trait("Category", "Integration")]
public sealed class LoopbackHttpServerTests
{
    [Theory]
    [InlineData(503, "")]
    [InlineData(200, "")]
    [InlineData(200, "up 1\n")]
    public async Task Response_HasContentLength_AndNothingAfterTheBody(int status, string body)
    {
        using var server = new LoopbackHttpServer { Status = status, Body = body };

        var raw = await ExchangeAsync(server.Url, "POST", "{}");

        var split = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(split > 0, raw);
        var head = raw[..split];
        Assert.StartsWith($"HTTP/1.1 {status} ", head, StringComparison.Ordinal);
        Assert.Contains($"Content-Length: {Encoding.UTF8.GetByteCount(body)}", head, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Transfer-Encoding", head, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(body, raw[(split + 4)..]); // before: an empty body came as a "0" chunk written twice
    }

    /// <summary>Sends one request with <c>Connection: close</c> and returns every byte the server sent back.</summary>
    private static async Task<string> ExchangeAsync(Uri url, string method, string content)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(url.Host, url.Port);
        var stream = tcp.GetStream();
        var request = $"{method} {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nContent-Type: application/json\r\n" +
            $"Content-Length: {content.Length}\r\nConnection: close\r\n\r\n{content}";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var received = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await stream.CopyToAsync(received, timeout.Token);
        return Encoding.UTF8.GetString(received.ToArray());
    }
}
