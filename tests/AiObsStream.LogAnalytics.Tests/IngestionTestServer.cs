using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using AiObsStream.TestKit;

namespace AiObsStream.LogAnalytics.Tests;

/// <summary>
/// The Logs Ingestion API contract on 127.0.0.1 (HttpListener): checks path, api-version, bearer token, gzip and the
/// 1 MiB limits (413 with the service's real ContentLengthLimitExceeded body), stores accepted rows, answers 204.
/// Scheduled <see cref="IngestionFault"/>s are consumed one per request.
/// </summary>
internal sealed class IngestionTestServer : IDisposable
{
    public const string Token = "test-token";
    public const string Dcr = "dcr-000a00a000a00000a000000aa000a0aa";
    private readonly HttpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Lock _lock = new();
    private readonly List<ReceivedBatch> _accepted = [];
    private readonly List<string> _requestIds = [];
    private int _requests;
    private int _inFlight;

    public IngestionTestServer()
    {
        _listener = LoopbackListener.Start(out var baseUri);
        Endpoint = new Uri(baseUri.GetLeftPart(UriPartial.Authority));
        _loop = Task.Run(ServeAsync);
    }

    public Uri Endpoint { get; }

    /// <summary>Body limit (compressed and uncompressed); lower it to provoke 413s.</summary>
    public int LimitBytes { get; set; } = 1_048_576;

    public ConcurrentQueue<IngestionFault> Faults { get; } = new();

    /// <summary>Answer every request with this fault while set (after the scheduled ones).</summary>
    public IngestionFault? Outage { get; set; }

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Requests being handled now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    public IReadOnlyList<ReceivedBatch> Accepted
    {
        get { lock (_lock) { return [.. _accepted]; } }
    }

    public IReadOnlyList<string> RequestIds
    {
        get { lock (_lock) { return [.. _requestIds]; } }
    }

    /// <summary>Row ids (metrics) or alert ids (alerts) accepted for a stream, in arrival order.</summary>
    public List<string> Ids(string stream)
    {
        var ids = new List<string>();
        foreach (var b in Accepted)
        {
            if (b.Stream == stream)
            {
                ids.AddRange(b.Ids);
            }
        }

        return ids;
    }

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

            Interlocked.Increment(ref _requests);
            Interlocked.Increment(ref _inFlight); // counted before the handler is scheduled (a busy pool may delay it)
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        try
        {
            using var buffer = new MemoryStream();
            await request.InputStream.CopyToAsync(buffer);
            var body = buffer.ToArray();
            lock (_lock)
            {
                _requestIds.Add(request.Headers["x-ms-client-request-id"] ?? string.Empty);
            }

            var (status, text, fault) = Check(request, body, out var batch);
            if (status == 204 && fault is not null)
            {
                (status, text) = (fault.AcceptThenDelay ? 204 : fault.Status, fault.Body);
                if (fault.AcceptThenDelay)
                {
                    Accept(batch!);
                }

                if (fault.RetryAfter is { } ra)
                {
                    context.Response.AddHeader("Retry-After", ra);
                }

                if (fault.RetryAfterMs is { } ms)
                {
                    context.Response.AddHeader("retry-after-ms", ms);
                }

                await Task.Delay(fault.Delay, _stop.Token);
                if (fault.Gate is { } gate)
                {
                    await gate.HoldAsync(_stop.Token);
                }

                if (fault.AcceptThenDelay)
                {
                    batch = null;
                }
            }

            if (status == 204 && batch is not null)
            {
                Accept(batch);
            }

            await RespondAsync(context.Response, status, text);
        }
        catch (Exception ex) when (ex is HttpListenerException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // the client gave up (timeout) or the server is stopping
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private (int Status, string Body, IngestionFault? Fault) Check(HttpListenerRequest request, byte[] body, out ReceivedBatch? batch)
    {
        batch = null;
        var path = request.Url!.AbsolutePath;
        const string prefix = "/dataCollectionRules/" + Dcr + "/streams/";
        if (request.HttpMethod != "POST" || !path.StartsWith(prefix, StringComparison.Ordinal) || request.QueryString["api-version"] != "2023-01-01")
        {
            return (404, "{\"error\":{\"code\":\"NotFound\",\"message\":\"unknown route " + path + "\"}}", null);
        }

        if (request.Headers["Authorization"] != "Bearer " + Token)
        {
            return (401, "{\"error\":{\"code\":\"InvalidToken\",\"message\":\"bad token\"}}", null);
        }

        var json = request.Headers["Content-Encoding"] == "gzip" ? Gunzip(body) : body;
        var length = Math.Max(body.Length, json.Length);
        if (length > LimitBytes)
        {
            return (413, "{\"error\":{\"code\":\"ContentLengthLimitExceeded\",\"message\":\"Maximum allowed content length: " + LimitBytes
                + " bytes (1 MB). Provided content length: " + length + " bytes.\"}}", null);
        }

        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.ValueKind != JsonValueKind.Array || !(request.ContentType ?? string.Empty).StartsWith("application/json", StringComparison.Ordinal))
        {
            return (400, "{\"error\":{\"code\":\"InvalidContent\",\"message\":\"body must be a JSON array\"}}", null);
        }

        var ids = new List<string>();
        foreach (var row in doc.RootElement.EnumerateArray())
        {
            // Metric rows by RowId, alerts by AlertId, incident changes by IncidentId:Status.
            ids.Add(row.TryGetProperty("RowId", out var id) ? id.GetString()!
                : row.TryGetProperty("AlertId", out var alert) ? alert.GetString()!
                : row.GetProperty("IncidentId").GetString() + ":" + row.GetProperty("Status").GetString());
        }

        batch = new ReceivedBatch(path[prefix.Length..], request.Headers["x-ms-client-request-id"] ?? string.Empty,
            request.Headers["Content-Encoding"] ?? string.Empty, body.Length, json.Length, ids);
        var fault = Faults.TryDequeue(out var f) ? f : Outage;
        return (204, string.Empty, fault);
    }

    private void Accept(ReceivedBatch batch)
    {
        lock (_lock)
        {
            _accepted.Add(batch);
        }
    }

    private static async Task RespondAsync(HttpListenerResponse response, int status, string text)
    {
        response.StatusCode = status;
        if (text.Length > 0)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            response.ContentType = "application/json";
            await response.OutputStream.WriteAsync(bytes);
        }

        response.Close();
    }

    private static byte[] Gunzip(byte[] data)
    {
        using var input = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
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

