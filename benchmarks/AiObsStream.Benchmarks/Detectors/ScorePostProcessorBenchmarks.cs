using AiObsStream.Core.Detectors.Scoring;
using BenchmarkDotNet.Attributes;

namespace AiObsStream.Benchmarks.Detectors;

// Results: see the header below (filled in from the run).

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
