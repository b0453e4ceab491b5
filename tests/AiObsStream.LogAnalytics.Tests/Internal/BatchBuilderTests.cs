using AiObsStream.TestKit;
using System.Text.Json;
using AiObsStream.Formats.Output;
using AiObsStream.LogAnalytics.Internal;

namespace AiObsStream.LogAnalytics.Tests.Internal;

public sealed class BatchBuilderTests
{
    [Fact]
    public void Add_ManyRows_BatchesAreValidArraysUnderLimitAndKeepEveryRowInOrder()
    {
        using var builder = new BatchBuilder(StreamKind.Metrics, 8_192);
        long seq = 0;
        var batches = new List<PayloadBatch>();
        var rows = TestRows.Metrics(500);
        foreach (var row in rows)
        {
            if (builder.Add(row, MetricRowJson.Write, () => ++seq) is { } b)
            {
                batches.Add(b);
            }
        }

        batches.Add(builder.Seal(() => ++seq)!);
        Assert.Null(builder.Seal(() => ++seq));
        var ids = new List<string>();
        for (var i = 0; i < batches.Count; i++)
        {
            Assert.True(batches[i].Json.Length <= 8_192);
            Assert.Equal(i + 1, batches[i].Seq);
            using var doc = JsonDocument.Parse(batches[i].Json);
            Assert.Equal(batches[i].Rows, doc.RootElement.GetArrayLength());
            foreach (var e in doc.RootElement.EnumerateArray())
            {
                ids.Add(e.GetProperty("RowId").GetString()!);
            }
        }

        Assert.True(batches.Count > 10);
        Assert.Equal(rows.Select(r => r.RowId.ToString("x16", System.Globalization.CultureInfo.InvariantCulture)), ids);
    }

    [Fact]
    public void Halve_ThenConcat_RoundTripsTheRows()
    {
        using var builder = new BatchBuilder(StreamKind.Alerts, 1_000_000);
        foreach (var a in TestRows.Alerts(7))
        {
            Assert.Null(builder.Add(a, AlertJson.Write, () => 1));
        }

        var batch = builder.Seal(() => 42)!;
        var (first, second) = JsonArraySplitter.Halve(batch);
        Assert.Equal((3, 4), (first.Rows, second.Rows));
        Assert.Equal((42L, 42L), (first.Seq, second.Seq));
        using var a1 = JsonDocument.Parse(first.Json);
        using var a2 = JsonDocument.Parse(second.Json);
        Assert.Equal("alert-3", a2.RootElement[0].GetProperty("AlertId").GetString());
        Assert.Equal(batch.Json, JsonArraySplitter.Concat([first, second]).Json);
    }
}
