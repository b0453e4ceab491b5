using System.Diagnostics;
using System.Text.Json;

namespace AiObsStream.Benchmarks.EndToEnd;

/// <content>The floor for JSON work on the same bytes: a Utf8JsonReader token walk.</content>
internal static partial class CliHarness
{
    /// <summary>
    /// The floor for JSON work on these bytes: a <see cref="System.Text.Json.Utf8JsonReader"/> reading every token of
    /// every Event Hubs body (one per line), on one thread of this process; records = the objects in the
    /// <c>records</c> arrays. The file is read in 8 MB chunks first, then walked (I/O outside the timed part is not
    /// possible without holding the whole file, and holding it would raise this process's RSS high-water mark, which
    /// the children inherit: see <see cref="ChildProcessUsage"/>); so the figure includes a page-cache copy, as the
    /// CLI's does. Best of three rounds (the first also jits the loop).
    /// </summary>
    private static WalkResult TokenWalk(string file)
    {
        Console.Error.WriteLine($"token walk over {file}");
        var best = new WalkResult(0, double.MaxValue, 0, 3);
        var buffer = new byte[8 << 20];
        for (var round = 0; round < best.Rounds; round++)
        {
            var process = Process.GetCurrentProcess();
            var cpu0 = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            long records = 0;
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
            {
                var filled = 0;
                while (true)
                {
                    var read = stream.Read(buffer, filled, buffer.Length - filled);
                    filled += read;
                    var last = read == 0 ? filled : Array.LastIndexOf(buffer, (byte)'\n', filled - 1) + 1;
                    if (last <= 0 && read != 0)
                    {
                        throw new InvalidOperationException($"{file}: a line longer than {buffer.Length} bytes");
                    }

                    records += Walk(buffer.AsSpan(0, last));
                    Buffer.BlockCopy(buffer, last, buffer, 0, filled - last);
                    filled -= last;
                    if (read == 0)
                    {
                        break;
                    }
                }
            }

            clock.Stop();
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
            if (cpu < best.CpuSeconds)
            {
                best = new WalkResult(records, cpu, clock.Elapsed.TotalSeconds, best.Rounds);
            }
        }

        return best;
    }

    private static long Walk(ReadOnlySpan<byte> bytes)
    {
        long records = 0;
        while (!bytes.IsEmpty)
        {
            var end = bytes.IndexOf((byte)'\n');
            var line = end < 0 ? bytes : bytes[..end];
            bytes = end < 0 ? default : bytes[(end + 1)..];
            var reader = new Utf8JsonReader(line);
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.StartObject && reader.CurrentDepth == 2)
                {
                    records++;
                }
            }
        }

        return records;
    }


    private readonly record struct WalkResult(long Records, double CpuSeconds, double WallSeconds, int Rounds)
    {
        public double RecordsPerCpuSecond => Records / CpuSeconds;
    }
}
