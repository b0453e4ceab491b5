using System.Runtime.CompilerServices;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Rules;
using AiObsStream.Core.Windows;

namespace AiObsStream.Core.Tests.Rules;

/// <summary>
/// A rule instance keeps its series' last row only while its alert fires (the no-data resolve is built from it); a
/// series that is not firing holds no row, so rows die young instead of living as long as their series (#12).
/// </summary>
public class RuleEngineHeldRowTests
{
    private const long Minute = 60_000;
    private static readonly SeriesDims Chat = new DimsPool().Intern(new DimsKey(TelemetrySource.AzureOpenAI, "chat-prod", "gpt-4o", "v1", "op", "", "", ""));

    private static MetricRow Latency(long window, double p95) => new()
    {
        WindowStartMs = window * Minute,
        WindowEndMs = (window + 1) * Minute,
        Metric = MetricNames.LatencyMs,
        Dims = Chat,
        ModelVersion = "v1",
        Count = 100,
        Sum = p95 * 100,
        Min = p95,
        Max = p95,
        Mean = p95,
        P50 = p95,
        P90 = p95,
        P95 = p95,
        P99 = p95,
    };

    /// <summary>Evaluates a new row in its own frame, so that only the engine can still reference it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (WeakReference Row, int Alerts) Evaluate(RuleEngine engine, long window, double p95)
    {
        var row = Latency(window, p95);
        var output = new List<AlertEvent>();
        engine.EvaluateWindow(window * Minute, [row], output);
        return (new WeakReference(row), output.Count);
    }

    private static bool Collected(WeakReference reference)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return !reference.IsAlive;
    }

    [Fact]
    public void HealthySeries_HoldsNoRow()
    {
        var engine = new RuleEngine(DefaultRules.Set, new WindowSpec(TimeSpan.FromMinutes(1)));

        var (row, alerts) = Evaluate(engine, 0, 500);

        Assert.Equal(0, alerts);
        Assert.True(Collected(row));
    }

    [Fact]
    public void FiringSeries_HoldsItsLastRow_UntilItResolves()
    {
        var engine = new RuleEngine(DefaultRules.Set, new WindowSpec(TimeSpan.FromMinutes(1)));

        var (firing, fired) = Evaluate(engine, 0, 3200);
        Assert.Equal(1, fired);
        Assert.False(Collected(firing)); // the no-data resolve of a firing alert is built from it

        var (stillFiring, _) = Evaluate(engine, 1, 3300);
        Assert.True(Collected(firing)); // replaced by the newer row
        Assert.False(Collected(stillFiring));

        var (recovered, resolved) = Evaluate(engine, 2, 400);
        Assert.Equal(1, resolved);
        Assert.True(Collected(stillFiring));
        Assert.True(Collected(recovered));
    }

    [Fact]
    public void FiringSeriesThatFallsSilent_StillResolvesWithItsLastRowsLabels()
    {
        var engine = new RuleEngine(DefaultRules.Set, new WindowSpec(TimeSpan.FromMinutes(1)));
        Evaluate(engine, 0, 3200);

        var output = new List<AlertEvent>();
        for (var w = 1; w <= 30; w++)
        {
            engine.EvaluateWindow(w * Minute, [], output);
        }

        var resolve = Assert.Single(output);
        Assert.Equal((AlertStatus.Resolved, "chat-prod", "v1"), (resolve.Status, resolve.Deployment, resolve.ModelVersion));
    }
}
