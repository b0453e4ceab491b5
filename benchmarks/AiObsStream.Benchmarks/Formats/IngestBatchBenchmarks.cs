using System.Text;
using AiObsStream.Pipeline.Inputs;
using BenchmarkDotNet.Attributes;

namespace AiObsStream.Benchmarks.Formats;

/// <summary>
/// The ingest path per unit as the inputs run it: one Event Hubs body of 20 AOAI records routed by
/// <see cref="UnitRouter"/>, parsed and added to the batch being built (a full batch, every 52 bodies, is handed over
/// and disposed as the sequencer does). The memory diagnoser's bytes per operation are the per-batch objects spread
/// over the bodies of a batch; nothing is allocated per record.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project benchmarks/AiObsStream.Benchmarks -- --filter '*IngestBatch*' --job short</c>
/// Run 2026-12-02 07:45 UTC with <c>--inProcess</c>, BenchmarkDotNet 0.14.0, the 2-core VM at load average 50-60
/// (timings are not meaningful, allocation is exact):
/// <code>
/// | Method                  | Mean     | Error     | StdDev   | Allocated |
/// |------------------------ |---------:|----------:|---------:|----------:|
/// | RouteParseAndBatch_Body | 67.99 us | 341.30 us | 18.71 us |       4 B |
/// </code>
/// 4 B per body of 20 records = the batch objects (InputBatch, its dead-letter list, the EventBuffer shell: about
/// 150-200 B) once per 52 bodies; Parse_Aoai alone (JsonParseBenchmarks, same run) allocates 0 B.
/// </remarks>
[MemoryDiagnoser]
public class IngestBatchBenchmarks
{
    private readonly InputOptions _options = new();
    private UnitRouter _router = null!;
    private BatchBuilder _builder = null!;
    private byte[] _body = [];
    private long _position;

    [GlobalSetup]
    public void Setup()
    {
        _router = new UnitRouter(_options);
        _builder = new BatchBuilder("bench", _options);
        _body = Encoding.UTF8.GetBytes(JsonBenchData.AoaiBody(20));
        _router.Accept(_builder, _body, 0);
        if (_builder.Current.Events.Count != 20 || _builder.Current.Rejects.Count != 0)
        {
            throw new InvalidOperationException("the benchmark body does not parse to one event per record");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _router.Dispose();

    [Benchmark]
    public int RouteParseAndBatch_Body()
    {
        _router.Accept(_builder, _body, ++_position);
        if (!_builder.IsFull)
        {
            return 0;
        }

        var batch = _builder.Take();
        var events = batch.Events.Count;
        batch.Events.Dispose();
        return events;
    }
}
