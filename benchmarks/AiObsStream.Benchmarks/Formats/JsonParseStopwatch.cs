using System.Diagnostics;
using System.Globalization;
using System.Text;
using AiObsStream.Core.Events;
using AiObsStream.Formats;
using AiObsStream.Formats.Json;

namespace AiObsStream.Benchmarks.Formats;

/// <summary>
/// A low-noise cross-check of <see cref="JsonParseBenchmarks"/> on a shared machine: in one process, the token walk,
/// the parse (fast path on) and the parse with the fast path off run interleaved on the same bytes, many rounds, and
/// the minimum time per unit of each is kept. <c>dotnet run -c Release --project benchmarks/AiObsStream.Benchmarks -- jsonab [rounds]</c>.
/// </summary>
internal static class JsonParseStopwatch
{
    private const int Batch = 200;

    public static int Run(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300;
        using var fast = new EventHubsBodyParser();
        using var exact = new EventHubsBodyParser { UseFastPath = false };
        using var fastLogs = new StructuredLogParser();
        using var exactLogs = new StructuredLogParser { UseFastPath = false };
        using var buffer = new EventBuffer(64);
        var rejects = new List<ParseError>();
        var inputs = new (string Name, byte[] Unit, IUnitParser Fast, IUnitParser Exact)[]
        {
            ("Aoai", Encoding.UTF8.GetBytes(JsonBenchData.AoaiBody(20)), fast, exact),
            ("AoaiObjects", Encoding.UTF8.GetBytes(ObjectProperties(JsonBenchData.AoaiBody(20))), fast, exact),
            ("AppInsights", Encoding.UTF8.GetBytes(JsonBenchData.AppInsightsBody(20)), fast, exact),
            ("LogLine", Encoding.UTF8.GetBytes(JsonBenchData.LogLine), fastLogs, exactLogs),
        };
        foreach (var (name, unit, f, x) in inputs)
        {
            var best = new[] { double.MaxValue, double.MaxValue, double.MaxValue, double.MaxValue };
            for (var r = 0; r < rounds; r++)
            {
                best[0] = Math.Min(best[0], Time(() => JsonParseBenchmarks.Walk(unit)));
                best[1] = Math.Min(best[1], Time(() => Parse(f, unit, buffer, rejects)));
                best[2] = Math.Min(best[2], Time(() => Parse(x, unit, buffer, rejects)));
                best[3] = Math.Min(best[3], Time(() => Scan(unit)));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-12} walk {best[0],9:F1} ns  parse {best[1],9:F1} ns ({best[0] / best[1]:P0} of walk speed)  exact-only {best[2],9:F1} ns ({best[0] / best[2]:P0})  grammar-only scan {best[3],8:F1} ns"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fast-path units: bodies {fast.FastPathUnits}, lines {fastLogs.FastPathUnits}; exact {exact.FastPathUnits + exactLogs.FastPathUnits}"));
        return 0;
    }

    /// <summary>The AOAI body with every string-encoded properties turned back into an object (to split the cost).</summary>
    private static string ObjectProperties(string body) => body
        .Replace("\"{\\\"", "{\"", StringComparison.Ordinal)
        .Replace("\\\"", "\"", StringComparison.Ordinal)
        .Replace("}\",\"resourceId", "},\"resourceId", StringComparison.Ordinal);

    /// <summary>The grammar alone (validate and skip the whole unit), to show what the scan costs against a walk.</summary>
    private static int Scan(byte[] unit)
    {
        var at = 0;
        return FastJsonGrammar.TrySkipValue(unit, ref at, 0) ? at : -1;
    }

    private static double Time(Func<int> action)
    {
        var sw = Stopwatch.StartNew();
        var sink = 0;
        for (var i = 0; i < Batch; i++)
        {
            sink += action();
        }

        sw.Stop();
        GC.KeepAlive(sink);
        return sw.Elapsed.TotalNanoseconds / Batch;
    }

    private static int Parse(IUnitParser parser, byte[] unit, EventBuffer buffer, List<ParseError> rejects)
    {
        buffer.Clear();
        parser.TryParse(unit, buffer, rejects, out _);
        return buffer.Count;
    }
}
