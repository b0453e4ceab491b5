namespace AiObsStream.LogAnalytics.Tests;

/// <summary>
/// The sink's ordering guarantee, checked on what the server accepted for one stream: every accepted request either
/// continues production order exactly where delivery stands, or repeats a contiguous run of rows that were already
/// delivered (a late accept of an attempt whose answer the sink never saw: a timeout, or a request abandoned at
/// shutdown). So keeping the first copy of each RowId gives production order, nothing is missing, and duplicates come
/// only as whole repeated requests.
/// </summary>
internal static class DeliveryOrder
{
    /// <summary>Asserts the guarantee; returns the number of repeated requests (at most <paramref name="maxRepeats"/>).</summary>
    public static int AssertProductionOrder(IReadOnlyList<ReceivedBatch> accepted, string stream, IReadOnlyList<string> expected, long maxRepeats)
    {
        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < expected.Count; i++)
        {
            position.Add(expected[i], i);
        }

        var delivered = 0;
        var repeats = 0;
        var trace = new List<string>();
        foreach (var batch in accepted)
        {
            if (batch.Stream != stream)
            {
                continue;
            }

            var ids = batch.Ids;
            var start = ids.Count > 0 ? position.GetValueOrDefault(ids[0], -1) : -1;
            Assert.True(start >= 0, $"request {batch.RequestId} holds a row never produced (or none)");
            trace.Add($"[{start}..{start + ids.Count})");
            Assert.True(IsRun(ids, expected, start), $"request {batch.RequestId} is not a contiguous run of production order: {string.Join(" ", trace)}");
            if (start == delivered)
            {
                delivered += ids.Count;
                continue;
            }

            // Not the next rows: only a repeat of rows already delivered is allowed, never a jump ahead.
            Assert.True(start + ids.Count <= delivered, $"rows delivered out of production order (expected row {delivered} next): {string.Join(" ", trace)}");
            repeats++;
        }

        Assert.True(delivered == expected.Count, $"{expected.Count - delivered} rows missing: {string.Join(" ", trace)}");
        Assert.True(repeats <= maxRepeats, $"{repeats} repeated requests, at most {maxRepeats} ambiguous attempts: {string.Join(" ", trace)}");
        return repeats;
    }

    private static bool IsRun(List<string> ids, IReadOnlyList<string> expected, int start)
    {
        if (start + ids.Count > expected.Count)
        {
            return false;
        }

        for (var i = 0; i < ids.Count; i++)
        {
            if (!string.Equals(ids[i], expected[start + i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
