using System.Diagnostics;
using System.Globalization;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using AiObsStream.Pipeline.Engine;
using AiObsStream.Pipeline.Sinks;

namespace AiObsStream.Benchmarks.EndToEnd;

/// <summary>
/// End-to-end file replay harness (not BenchmarkDotNet: it measures a whole run): records/s wall-clock, records per
/// CPU-second (= records/s/core), allocated bytes and peak working set, for increasing input sizes to show memory
/// stays flat. Usage: <c>dotnet run -c Release --project benchmarks/AiObsStream.Benchmarks -- replay [minutes...]</c>.
/// </summary>
internal static class ReplayHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var minutes = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [10, 40];
        var partitions = int.Parse(Environment.GetEnvironmentVariable("AIOBS_PARTITIONS") ?? "1", CultureInfo.InvariantCulture);
        Console.WriteLine($"# end-to-end replay, {Environment.ProcessorCount} cores, partitions={partitions}, .NET {Environment.Version}");
        Console.WriteLine("minutes | records | wall s | records/s | CPU s | records/CPU-s | alloc MB | peak WS MB");

        // Warm-up run (JIT, tiered compilation, thread pool) on the smallest input; not reported.
        foreach (var m in minutes.Prepend(minutes.Min()).Select((m, i) => (m, i)))
        {
            var report = m.i > 0;
            await RunOnceAsync(m.m, partitions, report);
        }

        return 0;
    }

    private static async Task RunOnceAsync(int m, int partitions, bool report)
    {
        {
            var dir = Path.Combine(Path.GetTempPath(), $"aiobs-synth-{m}");
            var files = Directory.Exists(dir)
                ? Directory.GetFiles(dir).Order(StringComparer.Ordinal).ToArray()
                : SyntheticTrace.Write(dir, m, requestsPerSecond: 200, gpus: 16, deployments: 4);
            GC.Collect();
            var process = Process.GetCurrentProcess();
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var alloc0 = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            var options = new EngineOptions { Partitions = partitions };
            if (Environment.GetEnvironmentVariable("AIOBS_NO_ANOMALY") == "1")
            {
                options = options with { Anomaly = options.Anomaly with { Enabled = false } };
            }

            var engine = new StreamEngine(options);
            var summary = Environment.GetEnvironmentVariable("AIOBS_PARSE_ONLY") == "1"
                ? await ParseOnlyAsync(files, options)
                : await engine.RunAsync(files, new NullSink(), CancellationToken.None);
            clock.Stop();
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
            var alloc = (GC.GetTotalAllocatedBytes(precise: true) - alloc0) / 1e6;
            if (!report)
            {
                return;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{m} | {Math.Max(summary.Events, summary.Aggregated):N0} | {clock.Elapsed.TotalSeconds:0.00} | {Math.Max(summary.Events, summary.Aggregated) / clock.Elapsed.TotalSeconds:N0} | {cpu:0.00} | {Math.Max(summary.Events, summary.Aggregated) / cpu:N0} | {alloc:N0} | {process.PeakWorkingSet64 / 1e6:N0}"));
        }
    }

    /// <summary>Only the input stage (read + parse), for the stage breakdown.</summary>
    private static async Task<RunSummary> ParseOnlyAsync(string[] files, EngineOptions options)
    {
        long events = 0;
        var tasks = files.Select(async f =>
        {
            var channel = System.Threading.Channels.Channel.CreateBounded<Pipeline.Inputs.InputBatch>(8);
            var run = new Pipeline.Inputs.FileInput(f, options.Input).RunAsync(channel.Writer, CancellationToken.None);
            await foreach (var batch in channel.Reader.ReadAllAsync())
            {
                Interlocked.Add(ref events, batch.Events.Count);
                batch.Events.Dispose();
            }

            await run;
        }).ToList();
        await Task.WhenAll(tasks);
        var stats = new InputStatsProbe(events);
        return stats.Summary;
    }

    private sealed class InputStatsProbe(long events)
    {
        public RunSummary Summary { get; } = new()
        {
            Inputs = [],
            Duplicates = 0,
            Aggregated = events,
            RowsWritten = 0,
            AlertEvents = 0,
            AlertsFiring = 0,
            FiringAlerts = [],
            DeadLetters = 0,
            Elapsed = TimeSpan.Zero,
        };
    }

    internal sealed class NullSink : IOutputSink
    {
        public void WriteRows(IReadOnlyList<MetricRow> rows)
        {
        }

        public void WriteAlerts(IReadOnlyList<AlertEvent> alerts)
        {
        }

        public void WriteDeadLetters(IReadOnlyList<DeadLetter> items)
        {
        }

        public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
