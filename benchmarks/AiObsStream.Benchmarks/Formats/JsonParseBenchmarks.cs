using System.Text;
using System.Text.Json;
using AiObsStream.Core.Events;
using AiObsStream.Formats.Json;
using BenchmarkDotNet.Attributes;

namespace AiObsStream.Benchmarks.Formats;

/// <summary>
/// EventHubsBodyParser and StructuredLogParser against a bare Utf8JsonReader token walk over the same bytes.
/// </summary>
/// <remarks>
/// Inputs: one real Event Hubs body of the H100 trace (20 AOAI RequestResponse records, 2 of 3 with properties as a
/// JSON string), one App Insights AppDependencies body, and one requests.jsonl line (built in-process with the same
/// shapes as tests/data/h100-trace-a). Targets: parse+extract ≥ 60 % of the token walk's speed; 0 B per body.
/// Results: see the table pasted below by the author of the last run.
/// </remarks>
[MemoryDiagnoser]
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
    }

    [Benchmark(Baseline = true)]
    public int TokenWalk_Aoai() => Walk(_aoai);

    [Benchmark]
    public int Parse_Aoai() => ParseBody(_aoai);

    [Benchmark]
    public int TokenWalk_AppInsights() => Walk(_appInsights);

    [Benchmark]
    public int Parse_AppInsights() => ParseBody(_appInsights);

    [Benchmark]
    public int TokenWalk_LogLine() => Walk(_logLine);

    [Benchmark]
    public int Parse_LogLine()
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
