using System.Runtime.ExceptionServices;
using AiObsStream.Core.Operators;

namespace AiObsStream.Pipeline.Engine;

/// <summary>
/// Runs a fixed group of independent operators on the output stage's tick, concurrently: the calling thread and up to
/// <c>threads - 1</c> long-lived helpers take operators one at a time until none is left. Each operator has its own
/// input slot and its own output buffers, reused tick after tick, so a run allocates nothing; the caller merges the
/// outputs in the group's order, which keeps the result independent of which thread ran what.
/// </summary>
/// <remarks>
/// The operators must share no mutable state (the graph's fan-out: each owns its keys). A failure in any operator is
/// rethrown on the calling thread after every operator of the run has finished.
/// </remarks>
internal sealed class ParallelOperators : IDisposable
{
    private readonly IOperator[] _operators;
    private readonly OperatorInput[] _inputs;
    private readonly OperatorOutput[] _outputs;
    private readonly Thread[] _helpers;
    private readonly SemaphoreSlim _go = new(0);
    private readonly CountdownEvent _done = new(1);
    private readonly int _minRowsForHelpers;
    private int _next;
    private volatile bool _disposed;
    private ExceptionDispatchInfo? _failure;

    /// <summary>
    /// Creates the group; <paramref name="threads"/> ≤ 1 runs every operator on the calling thread, and so does a run
    /// whose inputs hold fewer than <paramref name="minRowsForHelpers"/> rows in all.
    /// </summary>
    /// <remarks>
    /// A run with a handful of rows is cheaper on one thread: waking a helper costs its semaphore's spin and a context
    /// switch, which on a one-deployment file (thousands of output ticks, most with no row) was ~4 % of the run's CPU
    /// (perf: <c>SemaphoreSlim.Wait</c> spinning in <c>HelperLoop</c>). The outputs are the same either way.
    /// </remarks>
    public ParallelOperators(IReadOnlyList<IOperator> operators, int threads, int minRowsForHelpers = 0)
    {
        ArgumentNullException.ThrowIfNull(operators);
        _operators = [.. operators];
        _minRowsForHelpers = minRowsForHelpers;
        _inputs = new OperatorInput[_operators.Length];
        _outputs = new OperatorOutput[_operators.Length];
        for (var i = 0; i < _outputs.Length; i++)
        {
            _outputs[i] = new OperatorOutput();
        }

        _helpers = new Thread[Math.Clamp(threads - 1, 0, Math.Max(0, _operators.Length - 1))];
        for (var i = 0; i < _helpers.Length; i++)
        {
            _helpers[i] = new Thread(HelperLoop) { IsBackground = true, Name = "aiobs-operators-" + (i + 1) };
            _helpers[i].Start();
        }
    }

    /// <summary>The operators, in merge order.</summary>
    public IReadOnlyList<IOperator> Operators => _operators;

    /// <summary>Runs that woke the helpers (the others ran on the caller alone).</summary>
    internal long HelperRuns { get; private set; }

    /// <summary>Threads a run uses (the caller's included).</summary>
    public int Threads => _helpers.Length + 1;

    /// <summary>Sets operator <paramref name="index"/>'s input for the next run (the views must stay valid through it).</summary>
    public void SetInput(int index, in OperatorInput input) => _inputs[index] = input;

    /// <summary>Operator <paramref name="index"/>'s output of the last run (valid until the next run).</summary>
    public OperatorOutput OutputOf(int index) => _outputs[index];

    /// <summary>
    /// Clears the outputs and runs every operator once on its input, on the helpers too when the inputs hold at least
    /// the group's minimum of rows; returns when all are done.
    /// </summary>
    public void Run()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (var output in _outputs)
        {
            output.Clear();
        }

        _next = -1;
        _failure = null;
        if (_helpers.Length == 0 || InputRows() < _minRowsForHelpers)
        {
            Drain();
        }
        else
        {
            HelperRuns++;
            _done.Reset(_helpers.Length);
            _go.Release(_helpers.Length); // the semaphore's release / wait order the slot writes above before the helpers' reads
            Drain();
            _done.Wait();
        }

        _failure?.Throw();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_helpers.Length > 0)
        {
            _go.Release(_helpers.Length);
            foreach (var helper in _helpers)
            {
                helper.Join();
            }
        }

        _go.Dispose();
        _done.Dispose();
    }

    private void HelperLoop()
    {
        while (true)
        {
            _go.Wait();
            if (_disposed)
            {
                return;
            }

            Drain();
            _done.Signal();
        }
    }

    private int InputRows()
    {
        var rows = 0;
        foreach (ref readonly var input in _inputs.AsSpan())
        {
            rows += input.Rows?.Count ?? 0;
        }

        return rows;
    }

    /// <summary>Takes operators until none is left; a failure is kept (the first one) and the others still run.</summary>
    private void Drain()
    {
        int i;
        while ((i = Interlocked.Increment(ref _next)) < _operators.Length)
        {
            try
            {
                _operators[i].Process(in _inputs[i], _outputs[i]);
            }
#pragma warning disable CA1031 // rethrown on the calling thread by Run
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(ex), null);
            }
        }
    }
}
