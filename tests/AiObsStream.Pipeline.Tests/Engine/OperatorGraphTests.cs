using AiObsStream.Pipeline.Engine;

namespace AiObsStream.Pipeline.Tests.Engine;

public class OperatorGraphTests
{
    [Fact]
    public void Nodes_DeclareTheExecutionOrder()
    {
        Assert.Equal(
            ["aggregate", "detect-buckets", "version-join", "cost", "order", "rules", "spend", "regression", "anomaly", "forecast",
                "drift", "alert-order", "incidents", "notifier", "sinks"],
            OperatorGraph.Nodes.Select(n => n.Name));
    }

    [Fact]
    public void Nodes_OnlyAggregationIsPerPartition_AndTheJoinCorrelationNotificationsAreGlobal()
    {
        var byName = OperatorGraph.Nodes.ToDictionary(n => n.Name);

        Assert.All(OperatorGraph.Nodes.Where(n => n.Placement == Placement.PerPartition), n => Assert.Contains(n.Name, new[] { "aggregate", "detect-buckets" }));
        Assert.Equal(Placement.Global, byName["version-join"].Placement);
        Assert.Equal(Placement.Global, byName["incidents"].Placement);
        Assert.Equal(Placement.Global, byName["notifier"].Placement);
        Assert.All(new[] { "rules", "spend", "regression", "anomaly", "drift" }, n => Assert.Equal(Placement.PerKey, byName[n].Placement));
        Assert.All(OperatorGraph.Nodes, n => Assert.False(string.IsNullOrWhiteSpace(n.Why), n.Name + " says why it is there"));
    }

    [Fact]
    public void Nodes_TheJoinPrecedesEveryReaderOfModelVersions_AndDriftFollowsTheFanOut()
    {
        var order = OperatorGraph.Nodes.Select(n => n.Name).ToList();

        Assert.All(new[] { "cost", "rules", "regression", "anomaly", "drift", "incidents" },
            n => Assert.True(order.IndexOf("version-join") < order.IndexOf(n), n));
        Assert.All(new[] { "rules", "spend", "regression", "anomaly" }, n => Assert.True(order.IndexOf(n) < order.IndexOf("drift"), n));
        Assert.True(order.IndexOf("cost") < order.IndexOf("order")); // cost rows are ordered like any other row
        Assert.True(order.IndexOf("regression") < order.IndexOf("incidents")); // incidents read the tick's rollouts
    }

    [Fact]
    public void Built_Defaults_RunsEveryOperatorInTheDeclaredOrder()
    {
        using var graph = new OperatorGraph(new EngineOptions(), parallelism: 2);

        Assert.Equal(["version-join", "cost", "rules", "spend", "regression", "anomaly", "forecast", "drift", "incidents", "notifier"], graph.Built());
        Assert.Equal(["rules", "spend", "regression", "anomaly", "forecast"], graph.FanOut.Operators.Select(o => o.Name));
        var declared = OperatorGraph.Nodes.Select(n => n.Name).ToList();
        var built = graph.Built();
        Assert.Equal(built.OrderBy(declared.IndexOf), built);
    }

    [Fact]
    public void Built_OptionalOperatorsOff_LeavesRulesAlone()
    {
        var options = new EngineOptions
        {
            Pricing = new Core.Cost.PricingOptions { Enabled = false },
            Regression = new Core.Versions.RegressionOptions { Enabled = false },
            Anomaly = new Core.Anomaly.AnomalyOptions { Enabled = false },
            Drift = new Core.Drift.QualityDriftOptions { Enabled = false },
            Incidents = new Core.Incidents.IncidentOptions { Enabled = false },
            Forecast = new Core.Forecasting.ForecastOptions { Enabled = false },
            Notifications = null,
        };

        using var graph = new OperatorGraph(options, parallelism: 4);

        Assert.Equal(["version-join", "rules"], graph.Built());
        Assert.Equal(1, graph.FanOut.Threads); // one operator: nothing to run beside it
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(8, 5)]
    public void Built_FanOutThreads_AreBoundedByTheOperators(int parallelism, int threads)
    {
        using var graph = new OperatorGraph(new EngineOptions(), parallelism);

        Assert.Equal(threads, graph.FanOut.Threads);
    }

    [Fact]
    public async Task Built_WithTheSinksRowWriter_StartsItFirstInTheFanOut()
    {
        await using var sink = new AiObsStream.Pipeline.Sinks.CompositeOutputSink();
        var writer = new RowWriter(sink);
        using var graph = new OperatorGraph(new EngineOptions(), parallelism: 8, writer);

        Assert.Same(writer, graph.RowWriter);
        Assert.Equal(["sinks:rows", "rules", "spend", "regression", "anomaly", "forecast"], graph.FanOut.Operators.Select(o => o.Name));
        Assert.Equal(6, graph.FanOut.Threads);
    }

    [Fact]
    public void Forecast_TakesTheGpuSaturatedRuleAndItsDeploymentOverrides()
    {
        var overrides = new Dictionary<string, Core.Rules.RuleOverride>
        {
            ["chat-batch"] = new() { Warning = 97 },
            ["chat-rt"] = new() { Enabled = false },
            ["chat-eu"] = new() { Critical = 99 }, // no warning: the global threshold stays
        };
        var rules = Core.Rules.DefaultRules.All
            .Select(r => r.Name == "gpu-saturated" ? r with { Warning = 85, Overrides = overrides } : r).ToList();
        using var graph = new OperatorGraph(new EngineOptions { Rules = new() { Rules = rules } }, parallelism: 1);

        var options = graph.Forecast!.Monitor.Options;
        Assert.Equal(85, options.SaturationThreshold);
        Assert.Equal(
            [new KeyValuePair<string, double>("chat-batch", 97), new KeyValuePair<string, double>("chat-rt", double.PositiveInfinity)],
            options.SaturationByDeployment.OrderBy(p => p.Key, StringComparer.Ordinal));
    }
}
