using System.Text;
using System.Text.Json;
using AiObsStream.Core.Events;
using AiObsStream.Formats.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace AiObsStream.Benchmarks.Formats;

/// <summary>
/// EventHubsBodyParser and StructuredLogParser against a bare Utf8JsonReader token walk over the same bytes.
/// </summary>
/// <remarks>
/// Inputs: one real Event Hubs body of the H100 trace (20 AOAI RequestResponse records, 2 of 3 with properties as a
/// JSON string), one App Insights AppDependencies body, and one requests.jsonl line (built in-process with the same
/// shapes as tests/data/h100-trace-a). Targets: parse+extract ≥ 60 % of the token walk's speed; 0 B per body.
/// </remarks>
// Run 2026-11-22, `dotnet run -c Release --project benchmarks/AiObsStream.Benchmarks -- --filter '*JsonParse*' --job short`
// BenchmarkDotNet v0.14.0, Debian 12, AMD EPYC, 2 cores shared with other builds (very noisy: Error > Mean on some rows),
// .NET 10.0.12 X64 RyuJIT AVX-512. Body = 20 records.
// | Method                | Mean        | Error       | StdDev      | Ratio | Allocated |
// |---------------------- |------------:|------------:|------------:|------:|----------:|
// | TokenWalk_Aoai        | 20,098.4 ns | 57,406.5 ns | 3,146.65 ns |  1.02 |         - |
// | Parse_Aoai            | 51,314.0 ns | 79,290.4 ns | 4,346.17 ns |  2.59 |         - |
// | TokenWalk_AppInsights | 18,350.5 ns | 13,015.4 ns |   713.42 ns |  0.93 |         - |
// | Parse_AppInsights     | 28,163.0 ns | 13,224.6 ns |   724.89 ns |  1.42 |         - |
// | TokenWalk_LogLine     |    463.5 ns |    541.3 ns |    29.67 ns |  0.02 |         - |
// | Parse_LogLine         |    920.0 ns |  3,983.1 ns |   218.33 ns |  0.05 |         - |
// Parse / walk speed: AppInsights 65 % (target met); AOAI 39-49 % over two runs and log line 50-53 % (target of 60 %
// not met). AOAI's gap is mostly the second pass that string-valued `properties` need (unescape + nested reader over
// 2 of 3 records), which the token walk skips as one string token. 0 B allocated per body in all rows.
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class JsonParseBenchmarks
{
    private readonly EventHubsBodyParser _bodies = new();
    private readonly StructuredLogParser _logs = new();
    private readonly EventBuffer _buffer = new(64);
    private readonly List<ParseError> _rejects = [];
    private byte[] _aoai = [];
    private byte[] _appInsights = [];
    private byte[] _logLine = [];

    [GlobalSetup]
    public void Setup()
    {
        _aoai = Encoding.UTF8.GetBytes(JsonBenchData.AoaiBody(20));
        _appInsights = Encoding.UTF8.GetBytes(JsonBenchData.AppInsightsBody(20));
        _logLine = Encoding.UTF8.GetBytes(JsonBenchData.LogLine);
        if (ParseBody(_aoai) != 20 || ParseBody(_appInsights) != 20 || ParseLine() != 1)
        {
            throw new InvalidOperationException("benchmark inputs do not parse to one event per record");
        }
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Aoai")]
    public int TokenWalk_Aoai() => Walk(_aoai);

    [Benchmark, BenchmarkCategory("Aoai")]
    public int Parse_Aoai() => ParseBody(_aoai);

    [Benchmark(Baseline = true), BenchmarkCategory("AppInsights")]
    public int TokenWalk_AppInsights() => Walk(_appInsights);

    [Benchmark, BenchmarkCategory("AppInsights")]
    public int Parse_AppInsights() => ParseBody(_appInsights);

    [Benchmark(Baseline = true), BenchmarkCategory("LogLine")]
    public int TokenWalk_LogLine() => Walk(_logLine);

    [Benchmark, BenchmarkCategory("LogLine")]
    public int Parse_LogLine() => ParseLine();

    private int ParseLine()
    {
        _buffer.Clear();
        _logs.TryParse(_logLine, _buffer, _rejects, out _);
        return _buffer.Count;
    }

    private int ParseBody(byte[] body)
    {
        _buffer.Clear();
        _bodies.TryParse(body, _buffer, _rejects, out _);
        return _buffer.Count;
    }

    /// <summary>The reference: every token of the same unit, through the same reader type, with no extraction.</summary>
    private static int Walk(byte[] body)
    {
        var reader = new Utf8JsonReader(body, isFinalBlock: true, state: default);
        var tokens = 0;
        while (reader.Read())
        {
            tokens++;
        }

        return tokens;
    }
}
