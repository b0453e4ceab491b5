using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using AiObsStream.Pipeline.Inputs;

namespace AiObsStream.Benchmarks.Formats;

/// <summary>
/// The ingest path alone over a real file, in one process, after a warm-up pass: file reading and line splitting, then
/// the whole input stage (read, split, parse, batch: <see cref="FileInput"/> into a channel whose reader only disposes
/// the batches), each as CPU time of the process, against a Utf8JsonReader token walk over the same lines in memory.
/// <c>dotnet run -c Release --project benchmarks/AiObsStream.Benchmarks -- ingest FILE [rounds]</c>.
/// </summary>
/// <remarks>
/// Why not the CLI: a CLI run also pays start-up, JIT and everything after the input stage; this isolates what the
/// ingest path costs per record in steady state (what it adds to the 1 µs per record of the target). Records are
/// the events the input stage produced (one per AOAI record, one per Prometheus sample).
/// <para>Run 2026-12-02 07:44 UTC (2-core VM, load average 40-50), <c>-- ingest /tmp/w/one.jsonl 3</c> (528,000 AOAI
/// records in 26,400 bodies, 409 MB): read+split 0.111 CPU-s, ingest 0.546 CPU-s = 1,035 ns per record = 0.97 M
/// records per CPU-s, read+split+walk 0.389 CPU-s; parse+extract = 1.57 token walks; 1.2 B allocated per record (all
/// per batch and per read). <c>-- ingest /tmp/w/gpu.prom 3</c> (600,000 dcgm lines, 121 MB): ingest 0.362 CPU-s =
/// 603 ns per line = 1.66 M lines per CPU-s; 4.3 B per line (the 50,000 series' first sight, then per batch).</para>
/// </remarks>
internal static class IngestStopwatch
{
    public static int Run(string[] args)
    {
        var path = args[0];
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var lines = Split(path);
        Console.WriteLine($"# ingest stopwatch: {path}, {new FileInfo(path).Length / 1e6:F0} MB, {lines:N0} lines, rounds={rounds}");
        var best = new[] { double.MaxValue, double.MaxValue, double.MaxValue };
        long events = 0;
        var bytes = long.MaxValue;
        for (var r = 0; r <= rounds; r++)
        {
            var split = Cpu(() => Split(path));
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var (ingest, n) = CpuWithCount(() => IngestAsync(path).GetAwaiter().GetResult());
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            var walk = Cpu(() => Walk(path));
            if (r == 0)
            {
                continue; // warm-up: JIT and tiering
            }

            events = n;
            bytes = Math.Min(bytes, allocated);
            best[0] = Math.Min(best[0], split);
            best[1] = Math.Min(best[1], ingest);
            best[2] = Math.Min(best[2], walk);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"events {events:N0}; CPU s (min of {rounds}): read+split {best[0]:F3}, ingest (read+split+parse+batch) {best[1]:F3}, read+split+Utf8JsonReader walk {best[2]:F3}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ingest {best[1] * 1e9 / events:F0} ns/record = {events / best[1] / 1e6:F2} M records per CPU-s; walk {best[2] * 1e9 / events:F0} ns/record; parse+extract (ingest - split) / walk (walk - split) = {(best[1] - best[0]) / (best[2] - best[0]):F2}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"allocated by the ingest pass (all threads): {bytes:N0} B = {(double)bytes / events:F1} B/record"));
        return 0;
    }

    private static double Cpu(Func<long> action) => CpuWithCount(action).Seconds;

    private static (double Seconds, long Count) CpuWithCount(Func<long> action)
    {
        GC.Collect();
        var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        var n = action();
        process.Refresh();
        return ((process.TotalProcessorTime - before).TotalSeconds, n);
    }

    private static long Split(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        using var reader = new UnitReader(stream, 4 << 20);
        long n = 0;
        while (reader.NextAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult().Ok)
        {
            n++;
        }

        return n;
    }

    private static long Walk(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        using var reader = new UnitReader(stream, 4 << 20);
        long tokens = 0;
        while (true)
        {
            var (ok, unit, _, _) = reader.NextAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
            if (!ok)
            {
                return tokens;
            }

            var json = new Utf8JsonReader(unit.Span, isFinalBlock: true, state: default);
            try
            {
                while (json.Read())
                {
                    tokens++;
                }
            }
            catch (JsonException)
            {
                // not JSON (Prometheus text): the walk is not meaningful there
            }
        }
    }

    private static async Task<long> IngestAsync(string path)
    {
        var channel = Channel.CreateBounded<InputBatch>(8);
        var run = new FileInput(path, new InputOptions()).RunAsync(channel.Writer, CancellationToken.None);
        long events = 0;
        await foreach (var batch in channel.Reader.ReadAllAsync())
        {
            events += batch.Events.Count;
            batch.Events.Dispose();
        }

        await run;
        return events;
    }
}
