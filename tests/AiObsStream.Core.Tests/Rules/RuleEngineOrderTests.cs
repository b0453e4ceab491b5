using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Windows;

namespace AiObsStream.Core.Tests.Rules;

/// <summary>Output and checkpoint order of the rule engine never depends on its map's enumeration order.</summary>
public class RuleEngineOrderTests
{
    private const long Minute = 60_000;
    private const string Metric = "m";
    private static readonly WindowSpec Spec = new(TimeSpan.FromMinutes(1));
    private static readonly DimsPool Pool = new();

    private static readonly RuleSet Rules = new()
    {
        Rules = [new RuleDefinition { Name = "hot", Metric = Metric, Warning = 10, NoDataResolveAfter = TimeSpan.FromMinutes(2) }],
    };

    private static SeriesDims Series(string gpu) => Pool.Intern(new DimsKey(TelemetrySource.DCGM, "d", "", "", "", "", "h", gpu));

    private static MetricRow Row(long window, SeriesDims dims, double value) => new()
    {
        WindowStartMs = window * Minute,
        WindowEndMs = (window + 1) * Minute,
        Metric = Metric,
        Dims = dims,
        ModelVersion = dims.ModelVersion,
        Count = 10,
        Sum = value * 10,
        Min = value,
        Max = value,
        Mean = value,
    };

    private static List<AlertEvent> Window(RuleEngine engine, long window, IEnumerable<string> gpus, double value)
    {
        var output = new List<AlertEvent>();
        engine.EvaluateWindow(window * Minute, gpus.Select(g => Row(window, Series(g), value)).ToList(), output);
        return output;
    }

    private static byte[] Save(RuleEngine engine)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            engine.SaveState(w);
        }

        return stream.ToArray();
    }

    private static RuleEngine Restore(byte[] bytes)
    {
        var engine = new RuleEngine(Rules, Spec);
        using var r = new BinaryReader(new MemoryStream(bytes));
        engine.RestoreState(r);
        return engine;
    }

    private static string[] Gpus(string prefix, int n) => [.. Enumerable.Range(0, n).Select(i => prefix + i)];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void EvaluateWindow_SeriesFirstSeenInAnyOrder_ResolvesNoDataInCanonicalOrder(int order)
    {
        var gpus = Gpus("g", 9);
        var seen = order switch
        {
            0 => gpus,
            1 => [.. gpus.Reverse()],
            _ => [.. new[] { 4, 7, 0, 8, 2, 5, 1, 6, 3 }.Select(i => gpus[i])],
        };
        var engine = new RuleEngine(Rules, Spec);
        Assert.Equal(9, Window(engine, 0, seen, 50).Count);

        var resolves = Window(engine, 2, [], 0);

        Assert.All(resolves, a => Assert.Equal(AlertStatus.Resolved, a.Status));
        Assert.Equal(gpus, resolves.Select(a => a.Gpu));
    }

    [Fact]
    public void SaveState_AfterExpiriesAndReinserts_BytesCanonicalAndRestoredEngineContinuesIdentically()
    {
        var original = new RuleEngine(Rules, Spec);
        Assert.Empty(Window(original, 0, Gpus("g", 8).Reverse(), 1)); // 8 quiet instances
        Assert.Single(Window(original, 61, ["g4"], 50)); // the other 7 expire (idle for an hour), leaving holes
        Assert.Equal(6, Window(original, 62, Gpus("n", 6).Reverse(), 50).Count); // new instances fill the holes

        // The same live state reached without the expired history must checkpoint to the same bytes.
        var direct = new RuleEngine(Rules, Spec);
        Window(direct, 61, ["g4"], 50);
        Window(direct, 62, Gpus("n", 6), 50);
        var bytes = Save(original);
        Assert.Equal(bytes, Save(direct));

        var restored = Restore(bytes);
        var expected = Window(original, 64, ["n5"], 50).Concat(Window(original, 66, [], 0)).ToList();
        var actual = Window(restored, 64, ["n5"], 50).Concat(Window(restored, 66, [], 0)).ToList();

        Assert.Equal(expected.Select(a => (a.AlertId, a.Status, a.TimeGeneratedMs)), actual.Select(a => (a.AlertId, a.Status, a.TimeGeneratedMs)));
        Assert.Equal(["g4", "n0", "n1", "n2", "n3", "n4", "n5"], expected.Select(a => a.Gpu));
        Assert.Equal(0, restored.FiringCount);
    }
}
