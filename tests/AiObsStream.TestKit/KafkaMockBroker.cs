using System.Diagnostics;
namespace AiObsStream.TestKit;

/// <summary>
/// A real Kafka-protocol broker on loopback (tools/kafka-mock-broker: librdkafka's mock cluster in its own process).
/// The binary is built once per test run next to the test assembly; each instance is a child process that exits when its
/// stdin closes, so it dies with the test process even on a crash.
/// </summary>
/// <remarks>
/// Topics are created with the given partition counts (others are auto-created with 4 on first produce). The broker keeps
/// topics, committed offsets and group state in memory for its lifetime, so an engine under test can be killed and
/// restarted against it. Needs librdkafka-dev and a C compiler (tests/run.sh installs them).
/// </remarks>
public sealed class KafkaMockBroker : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly Lazy<string> Binary = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Process _process;
    private int _disposed;

    private KafkaMockBroker(Process process, string bootstrap)
    {
        _process = process;
        BootstrapServers = bootstrap;
    }

    /// <summary>host:port list to give clients.</summary>
    public string BootstrapServers { get; }

    /// <summary>Starts a broker with the given topics (name, partitions).</summary>
    public static async Task<KafkaMockBroker> StartAsync(params (string Name, int Partitions)[] topics)
    {
        var start = new ProcessStartInfo(Binary.Value)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--stdin-lifetime");
        foreach (var (name, partitions) in topics)
        {
            start.ArgumentList.Add("--topic");
            start.ArgumentList.Add(FormattableString.Invariant($"{name}:{partitions}"));
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("kafka-mock-broker did not start");
        using var cts = new CancellationTokenSource(StartTimeout);
        try
        {
            while (await process.StandardOutput.ReadLineAsync(cts.Token) is { } line)
            {
                if (line.StartsWith("bootstrap=", StringComparison.Ordinal))
                {
                    return new KafkaMockBroker(process, line["bootstrap=".Length..].Trim());
                }
            }

            var error = await process.StandardError.ReadToEndAsync(cts.Token);
            throw new InvalidOperationException("kafka-mock-broker exited without a bootstrap line: " + error);
        }
        catch
        {
            Stop(process);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Process id of the broker (a crash test may kill it).</summary>
    public int ProcessId => _process.Id;

    /// <summary>Closes stdin (the broker exits) and kills it if it lingers.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Stop(_process);
            _process.Dispose();
        }
    }

    private static void Stop(Process process)
    {
        try
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(TimeSpan.FromSeconds(5));
            }
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private static string Build()
    {
        var source = Path.Combine(TestData.RepoRoot, "tools", "kafka-mock-broker");
        var dir = Path.Combine(AppContext.BaseDirectory, "kafka-mock-broker");
        Directory.CreateDirectory(dir);
        var binary = Path.Combine(dir, "kafka-mock-broker");
        var newest = File.GetLastWriteTimeUtc(Path.Combine(source, "kafka_mock_broker.c"));
        if (File.Exists(binary) && File.GetLastWriteTimeUtc(binary) >= newest)
        {
            return binary;
        }

        // Build under a private name and rename, so a concurrent test run never executes a half-written file.
        var temp = binary + "." + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(source, "build.sh"));
        start.ArgumentList.Add(temp);
        using var build = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var stderr = build.StandardError.ReadToEndAsync();
        build.StandardOutput.ReadToEnd();
        if (!build.WaitForExit(TimeSpan.FromMinutes(5)) || build.ExitCode != 0)
        {
            throw new InvalidOperationException("building kafka-mock-broker failed (needs librdkafka-dev and a C compiler): " + stderr.GetAwaiter().GetResult());
        }

        File.Move(temp, binary, overwrite: true);
        return binary;
    }
}
