using System.Collections.Concurrent;

namespace AiObsStream.LogAnalytics.Tests;

/// <summary>A test server, a temp spool folder and fast test options (short timeouts and backoff).</summary>
internal sealed class SinkHarness : IDisposable
{
    public SinkHarness() => Spool = Directory.CreateTempSubdirectory("aiobs-la-").FullName;

    public IngestionTestServer Server { get; } = new();

    public string Spool { get; }

    public ConcurrentQueue<string> Messages { get; } = new();

    public LogAnalyticsOptions Options() => new()
    {
        Endpoint = Server.Endpoint,
        DcrImmutableId = IngestionTestServer.Dcr,
        SpoolDirectory = Spool,
        StaticToken = IngestionTestServer.Token,
        RequestTimeout = TimeSpan.FromSeconds(4), // generous: 2 shared cores; the timeout test sets its own
        MaxRetryAttempts = 3,
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        RetryMaxDelay = TimeSpan.FromMilliseconds(50),
        SpoolProbeMaxDelay = TimeSpan.FromMilliseconds(50),
        ShutdownDrainTimeout = TimeSpan.FromSeconds(1),
        Diagnostics = Messages.Enqueue,
    };

    public string AllMessages => string.Join("\n", Messages);

    /// <summary>Waits (bounded) until the condition holds; false on timeout.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, double seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(10);
        }

        return true;
    }

    public void Dispose()
    {
        Server.Dispose();
        Directory.Delete(Spool, recursive: true);
    }
}
