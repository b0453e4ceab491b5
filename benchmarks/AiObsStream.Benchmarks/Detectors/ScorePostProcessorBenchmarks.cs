using AiObsStream.Core.Detectors.Scoring;
using BenchmarkDotNet.Attributes;

namespace AiObsStream.Benchmarks.Detectors;

// Results (2026-11-22, BenchmarkDotNet v0.14.0, Debian 12, AMD EPYC 2 cores shared, .NET 10, ShortRun):
//   dotnet run -c Release --project benchmarks/AiObsStream.Benchmarks -- --filter '*ScorePostProcessor*' --job short
//
// | Method         | Mean      | Error    | StdDev   | Gen0   | Gen1   | Allocated |
// |--------------- |----------:|---------:|---------:|-------:|-------:|----------:|
// | UpdatePerPoint |  50.18 ns | 16.54 ns | 0.907 ns |      - |      - |         - |
// | CreateStates   | 139.90 ns | 64.74 ns | 3.549 ns | 0.2627 | 0.2625 |    1648 B |
//
// UpdatePerPoint: 50 ns per point (likelihood + value range, defaults, history full), 0 B per point: ~1.6 % of SR's
// 3.07 µs per point at W = 64 (SrStreamingBenchmarks). CreateStates: 1,648 B per series state (1 M series = ~1.6 GB);
// WriteTo writes at most 1,519 B.

/// <summary>
/// Cost per point of <see cref="ScorePostProcessor"/> with the default options (anomaly likelihood + value range)
/// in steady state (expect 0 B allocated), and the memory of one per-series state (Allocated of
/// <see cref="CreateStates"/> = bytes per series).
/// </summary>
[MemoryDiagnoser]
public class ScorePostProcessorBenchmarks
{
    private const int Points = 4096;
    private const int States = 1_000;

    private ScorePostProcessor _post = null!;
    private ScorePostProcessorState _state = null!;
    private double[] _values = null!;
    private double[] _raw = null!;
    private ScorePostProcessorState[] _states = null!;

    [GlobalSetup]
    public void Setup()
    {
        _post = new ScorePostProcessor();
        _state = _post.CreateState();
        var rng = new Random(42);
        _values = new double[Points];
        _raw = new double[Points];
        for (int i = 0; i < Points; i++)
        {
            _values[i] = 100 + (10 * Math.Sin(i / 12.0)) + rng.NextDouble();
            _raw[i] = 0.1 + (0.05 * rng.NextDouble());
        }

        // Past the probationary period and with every history block filled.
        for (int i = 0; i < 10_000; i++)
        {
            _post.Update(_state, _values[i % Points], _raw[i % Points]);
        }

        _states = new ScorePostProcessorState[States];
    }

    /// <summary>One post-processed point per operation.</summary>
    [Benchmark(OperationsPerInvoke = Points)]
    public double UpdatePerPoint()
    {
        double sum = 0;
        for (int i = 0; i < _values.Length; i++)
        {
            sum += _post.Update(_state, _values[i], _raw[i]);
        }

        return sum;
    }

    /// <summary>One new per-series state per operation.</summary>
    [Benchmark(OperationsPerInvoke = States)]
    public int CreateStates()
    {
        for (int i = 0; i < _states.Length; i++)
        {
            _states[i] = _post.CreateState();
        }

        return _states.Length;
    }
}
