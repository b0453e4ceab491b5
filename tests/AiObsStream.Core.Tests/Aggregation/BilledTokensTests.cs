using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Cost;
using AiObsStream.Core.Events;
using AiObsStream.Core.Windows;

namespace AiObsStream.Core.Tests.Aggregation;

public class BilledTokensTests
{
    private static readonly SeriesDims Dims = new DimsPool().Intern(
        new DimsKey(TelemetrySource.Log, "chat-prod", "gpt-4o", "2024-08-06", "", "", "", ""));

    private static TelemetryEvent Call(long t, int status, double prompt, double completion, bool? success = null)
    {
        var e = TelemetryEvent.NewRequest(t, Dims);
        e.Status = status;
        e.Success = success ?? status is >= 200 and < 400;
        e.LatencyMs = 100;
        e.PromptTokens = prompt;
        e.CompletionTokens = completion;
        return e;
    }

    private static List<MetricRow> Close(WindowedAggregator agg)
    {
        var rows = new List<MetricRow>();
        agg.AdvanceWatermark(long.MaxValue, rows);
        return rows.Where(r => r.Kind == RowKind.Final).ToList();
    }

    [Fact]
    public void Process_ThrottledAndFailedCallsWithTokens_BilledRowsCountSuccessfulCallsOnly()
    {
        var agg = new WindowedAggregator(EventTimeOptions.Default);
        agg.Process([
            Call(1_000, 200, 100, 40), Call(2_000, 429, 500, 0), Call(3_000, 500, 70, 5),
            Call(4_000, 400, 30, 0), Call(5_000, 201, 10, 2), Call(6_000, 0, 8, 1, success: false)]);
        var rows = Close(agg);
        Assert.Equal(718, rows.Single(r => r.Metric == MetricNames.TokensPrompt).Sum); // all statuses, as before
        var billedPrompt = rows.Single(r => r.Metric == CostMetricNames.TokensPromptBilled);
        var billedCompletion = rows.Single(r => r.Metric == CostMetricNames.TokensCompletionBilled);
        Assert.Equal((110.0, 2L), (billedPrompt.Sum, billedPrompt.Count));
        Assert.Equal((42.0, 2L), (billedCompletion.Sum, billedCompletion.Count));
    }

    [Fact]
    public void Process_OnlyThrottledCalls_NoBilledRows()
    {
        var agg = new WindowedAggregator(EventTimeOptions.Default);
        agg.Process([Call(1_000, 429, 500, 0), Call(2_000, 429, 300, 0)]);
        var rows = Close(agg);
        Assert.Contains(rows, r => r.Metric == MetricNames.TokensPrompt);
        Assert.DoesNotContain(rows, r => r.Metric is CostMetricNames.TokensPromptBilled or CostMetricNames.TokensCompletionBilled);
    }

    [Fact]
    public void Process_SuccessWithoutTokenCounts_NoBilledRows()
    {
        var agg = new WindowedAggregator(EventTimeOptions.Default);
        agg.Process([Call(1_000, 200, double.NaN, double.NaN)]);
        Assert.DoesNotContain(Close(agg), r => r.Metric is CostMetricNames.TokensPromptBilled or CostMetricNames.TokensCompletionBilled);
    }
}
