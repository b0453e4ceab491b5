using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Cost;
using AiObsStream.Core.Events;
using AiObsStream.Core.Operators;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Windows;

namespace AiObsStream.Core.Tests.Operators;

public class OperatorAdapterTests
{
    private const long Minute = 60_000;
    private static readonly WindowSpec Spec = new(TimeSpan.FromMinutes(1));
    private static readonly DimsPool Pool = new();
    private static readonly SeriesDims A = Pool.Intern(new DimsKey(TelemetrySource.AzureOpenAI, "chat-a", "gpt-4o", "v1", "op", "", "", ""));
    private static readonly SeriesDims B = Pool.Intern(new DimsKey(TelemetrySource.AzureOpenAI, "chat-b", "gpt-4o", "v1", "op", "", "", ""));

    private static MetricRow Row(long window, SeriesDims dims, double value, RowKind kind = RowKind.OnTime) => new()
    {
        WindowStartMs = window * Minute,
        WindowEndMs = (window + 1) * Minute,
        Metric = MetricNames.LatencyMs,
        Dims = dims,
        ModelVersion = dims.ModelVersion,
        Count = 100,
        Sum = value * 100,
        Min = value,
        Max = value,
        Mean = value,
        P50 = value,
        P90 = value,
        P95 = value,
        P99 = value,
        Kind = kind,
    };

    /// <summary>Ticks of rows sorted by window: A breaches then recovers, B breaches then goes silent, plus rows that are not on time.</summary>
    private static List<List<MetricRow>> Ticks() =>
    [
        [Row(0, A, 800), Row(0, B, 3500), Row(1, A, 3200), Row(1, B, 3600), Row(1, B, 3600, RowKind.Final)],
        [Row(2, A, 700), Row(2, A, 9000, RowKind.Correction)],
        [],
        [Row(9, A, 800)],
    ];

    [Fact]
    public void RuleOperator_EmitsWhatTheEngineEmitsWindowByWindow()
    {
        var direct = new RuleEngine(DefaultRules.Set, Spec);
        var expected = new List<AlertEvent>();
        var op = new RuleOperator(new RuleEngine(DefaultRules.Set, Spec));
        var output = new OperatorOutput();
        var actual = new List<AlertEvent>();
        var watermark = 2 * Minute;
        foreach (var tick in Ticks())
        {
            foreach (var window in tick.Where(r => r.Kind == RowKind.OnTime).GroupBy(r => r.WindowStartMs))
            {
                direct.EvaluateWindow(window.Key, window.ToList(), expected);
            }

            direct.AdvanceWatermark(watermark, expected);
            output.Clear();
            op.Process(new OperatorInput(tick, watermark), output);
            actual.AddRange(output.Alerts);
            watermark += 3 * Minute;
        }

        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);
        Assert.Empty(output.Rows);
        Assert.Equal("rules", op.Name);
    }

    [Fact]
    public void RuleOperator_AppendsToTheCallersBuffers_NeverClearsThem()
    {
        var op = new RuleOperator(new RuleEngine(DefaultRules.Set, Spec));
        var output = new OperatorOutput();
        var sentinel = Row(0, A, 1);
        output.Rows.Add(sentinel);

        op.Process(new OperatorInput([Row(0, B, 3500), Row(1, B, 3600)], 2 * Minute), output);

        Assert.Same(sentinel, output.Rows[0]);
        Assert.NotEmpty(output.Alerts);
    }

    [Fact]
    public void RuleOperator_StateGoesThroughTheEnginesCodec()
    {
        var engine = new RuleEngine(DefaultRules.Set, Spec);
        var op = new RuleOperator(engine);
        op.Process(new OperatorInput([Row(0, B, 3500), Row(1, B, 3600)], 2 * Minute), new OperatorOutput());

        using var viaOperator = new MemoryStream();
        using (var w = new BinaryWriter(viaOperator, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            op.SaveState(w);
        }

        using var viaEngine = new MemoryStream();
        using (var w = new BinaryWriter(viaEngine, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            engine.SaveState(w);
        }

        Assert.Equal(viaEngine.ToArray(), viaOperator.ToArray());
        var restored = new RuleOperator(new RuleEngine(DefaultRules.Set, Spec));
        viaOperator.Position = 0;
        restored.RestoreState(new BinaryReader(viaOperator));
        Assert.Equal(engine.FiringCount, restored.Engine.FiringCount);
    }

    [Fact]
    public void Adapters_RejectNullCollaborators()
    {
        Assert.Throws<ArgumentNullException>(() => new RuleOperator(null!));
        Assert.Throws<ArgumentNullException>(() => new AnomalyOperator(null!));
        Assert.Throws<ArgumentNullException>(() => new CostDeriveOperator(null!));
        Assert.Throws<ArgumentNullException>(() => new RegressionOperator(null!));
        Assert.Throws<ArgumentNullException>(() => new DriftOperator(null!));
        Assert.Throws<ArgumentNullException>(() => new FinalRowsOperator<SpendMonitor>("spend", null!, 0));
        Assert.Throws<ArgumentException>(() => new FinalRowsOperator<SpendMonitor>("", new SpendMonitor(new SpendAlertOptions(), null), 0));
    }

    [Fact]
    public void OperatorOutput_Clear_EmptiesBoth()
    {
        var output = new OperatorOutput();
        output.Rows.Add(Row(0, A, 1));

        output.Clear();

        Assert.Empty(output.Rows);
        Assert.Empty(output.Alerts);
    }
}
