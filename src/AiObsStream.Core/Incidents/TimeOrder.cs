using System.Buffers;
using System.Runtime.CompilerServices;

namespace AiObsStream.Core.Incidents;

/// <summary>A stable sort by event time of the items a tick appended to a list, without LINQ or per-tick lists.</summary>
internal static class TimeOrder
{
    /// <summary>
    /// Orders <c>items[start..]</c> by <paramref name="timeOf"/>, keeping the current order within a time (as
    /// <c>OrderBy</c> does): the sort key is (time, position), so an unstable sort gives the stable order. A tail already
    /// in order (the usual case: alerts arrive in event-time order) is left as it is after one pass.
    /// </summary>
    public static void SortTail<T>(List<T> items, int start, Func<T, long> timeOf)
    {
        var n = items.Count - start;
        if (n < 2 || InOrder(items, start, timeOf))
        {
            return;
        }

        var keys = ArrayPool<(long Time, int Position)>.Shared.Rent(n);
        var copy = ArrayPool<T>.Shared.Rent(n);
        try
        {
            for (var i = 0; i < n; i++)
            {
                copy[i] = items[start + i];
                keys[i] = (timeOf(copy[i]), i);
            }

            keys.AsSpan(0, n).Sort();
            for (var i = 0; i < n; i++)
            {
                items[start + i] = copy[keys[i].Position];
            }
        }
        finally
        {
            ArrayPool<(long, int)>.Shared.Return(keys);
            ArrayPool<T>.Shared.Return(copy, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        }
    }

    private static bool InOrder<T>(List<T> items, int start, Func<T, long> timeOf)
    {
        var previous = timeOf(items[start]);
        for (var i = start + 1; i < items.Count; i++)
        {
            var time = timeOf(items[i]);
            if (time < previous)
            {
                return false;
            }

            previous = time;
        }

        return true;
    }
}
