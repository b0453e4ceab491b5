using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Operators;
using AiObsStream.Core.Events;
using AiObsStream.Pipeline.Engine;

namespace AiObsStream.Pipeline.Tests.Engine;

public class ParallelOperatorsTests
{
    /// <summary>Emits one row per input row, tagged with its name, and counts its calls.</summary>
    private sealed class Tagging(string name) : IOperator
    {
        public int Calls { get; private set; }

        public string Name => name;

        public void Process(in OperatorInput input, OperatorOutput output)
        {
            Calls++;
            foreach (var row in input.Rows)
            {
                output.Rows.Add(row with { Metric = name + ":" + row.Metric });
            }
        }

        public void SaveState(BinaryWriter writer) => writer.Write(Calls);

        public void RestoreState(BinaryReader reader) => Calls = reader.ReadInt32();
    }

    private sealed class Failing : IOperator
    {
        public string Name => "failing";

        public void Process(in OperatorInput input, OperatorOutput output) => throw new InvalidOperationException("operator broke");

        public void SaveState(BinaryWriter writer)
        {
        }

        public void RestoreState(BinaryReader reader)
        {
        }
    }

    private static readonly SeriesDims Dims = new DimsPool().Intern(new DimsKey(TelemetrySource.AzureOpenAI, "d", "", "", "", "", "", ""));

    private static MetricRow Row(string metric) => new()
    {
        WindowStartMs = 0, WindowEndMs = 60_000, Metric = metric, Dims = Dims, ModelVersion = string.Empty,
        Count = 1, Sum = 1, Min = 1, Max = 1, Mean = 1,
    };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Run_AnyThreads_EachOperatorSeesItsOwnInputAndKeepsItsOwnOutput(int threads)
    {
        var ops = Enumerable.Range(0, 4).Select(i => new Tagging("op" + i)).ToArray();
        using var group = new ParallelOperators(ops, threads);

        for (var tick = 0; tick < 50; tick++)
        {
            for (var i = 0; i < ops.Length; i++)
            {
                group.SetInput(i, new OperatorInput([Row("m" + i), Row("t" + tick)], tick));
            }

            group.Run();

            for (var i = 0; i < ops.Length; i++)
            {
                Assert.Equal([$"op{i}:m{i}", $"op{i}:t{tick}"], group.OutputOf(i).Rows.Select(r => r.Metric));
            }
        }

        Assert.All(ops, o => Assert.Equal(50, o.Calls));
        Assert.Equal(Math.Min(threads, ops.Length), group.Threads);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Run_OperatorThrows_RethrownOnTheCaller_AfterTheOthersRan(int threads)
    {
        var ok = new Tagging("ok");
        using var group = new ParallelOperators([new Failing(), ok], threads);
        group.SetInput(0, new OperatorInput([], 0));
        group.SetInput(1, new OperatorInput([Row("a")], 0));

        var ex = Assert.Throws<InvalidOperationException>(group.Run);

        Assert.Equal("operator broke", ex.Message);
        Assert.Equal(1, ok.Calls);
    }

    [Fact]
    public void Run_AfterDispose_Throws()
    {
        var group = new ParallelOperators([new Tagging("a"), new Tagging("b")], 2);
        group.Dispose();
        group.Dispose(); // idempotent

        Assert.Throws<ObjectDisposedException>(group.Run);
    }

    [Fact]
    public void Run_ClearsLastRunsOutputs()
    {
        using var group = new ParallelOperators([new Tagging("a")], 1);
        group.SetInput(0, new OperatorInput([Row("x")], 0));
        group.Run();
        group.SetInput(0, new OperatorInput([], 1));

        group.Run();

        Assert.Empty(group.OutputOf(0).Rows);
        Assert.Empty(group.OutputOf(0).Alerts);
    }

    /// <summary>Records the thread each call ran on.</summary>
    private sealed class ThreadRecording(string name) : IOperator
    {
        public List<int> Threads { get; } = [];

        public string Name => name;

        public void Process(in OperatorInput input, OperatorOutput output)
        {
            Threads.Add(Environment.CurrentManagedThreadId);
            foreach (var row in input.Rows)
            {
                output.Rows.Add(row with { Metric = name + ":" + row.Metric });
            }
        }

        public void SaveState(BinaryWriter writer)
        {
        }

        public void RestoreState(BinaryReader reader)
        {
        }
    }

    [Fact]
    public void Run_FewerRowsThanTheMinimum_EveryOperatorRunsOnTheCaller_WithTheSameOutputs()
    {
        // 4 operators with a minimum of 5 rows: 4 rows in all (odd ticks) stay on the caller, 8 (even ticks) may not.
        var ops = Enumerable.Range(0, 4).Select(i => new ThreadRecording("op" + i)).ToArray();
        using var group = new ParallelOperators(ops, 4, minRowsForHelpers: 5);
        for (var tick = 0; tick < 20; tick++)
        {
            for (var i = 0; i < ops.Length; i++)
            {
                group.SetInput(i, new OperatorInput(tick % 2 == 0 ? [Row("m" + i), Row("t" + tick)] : [Row("t" + tick)], tick));
            }

            group.Run();

            for (var i = 0; i < ops.Length; i++)
            {
                Assert.Equal(tick % 2 == 0 ? [$"op{i}:m{i}", $"op{i}:t{tick}"] : [$"op{i}:t{tick}"], group.OutputOf(i).Rows.Select(r => r.Metric));
            }
        }

        var caller = Environment.CurrentManagedThreadId;
        Assert.Equal(10, group.HelperRuns); // the even ticks only
        Assert.All(ops, o => Assert.Equal(20, o.Threads.Count));
        Assert.All(ops, o => Assert.All(o.Threads.Where((_, tick) => tick % 2 == 1), t => Assert.Equal(caller, t)));
    }

    [Fact]
    public void Run_FewerRowsThanTheMinimum_OperatorThrows_RethrownAfterTheOthersRan()
    {
        var ok = new Tagging("ok");
        using var group = new ParallelOperators([new Failing(), ok], 2, minRowsForHelpers: 100);
        group.SetInput(0, new OperatorInput([], 0));
        group.SetInput(1, new OperatorInput([Row("a")], 0));

        var ex = Assert.Throws<InvalidOperationException>(group.Run);

        Assert.Equal("operator broke", ex.Message);
        Assert.Equal(1, ok.Calls);
    }
}
