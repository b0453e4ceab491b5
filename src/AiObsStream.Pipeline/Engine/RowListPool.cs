using AiObsStream.Core.Aggregation;

namespace AiObsStream.Pipeline.Engine;

/// <summary>
/// Row lists handed from the partition workers to the output stage and back: a worker rents one per punctuation, the
/// output stage returns it once it has copied the rows into the tick, so a steady run allocates no lists per tick.
/// </summary>
internal sealed class RowListPool(int capacity)
{
    private readonly Stack<List<MetricRow>> _lists = new();
    private readonly Lock _gate = new();

    /// <summary>An empty list (a pooled one when available).</summary>
    public List<MetricRow> Rent()
    {
        lock (_gate)
        {
            if (_lists.Count > 0)
            {
                return _lists.Pop();
            }
        }

        return [];
    }

    /// <summary>Gives a list back (cleared here); beyond the pool's capacity it is left to the collector.</summary>
    public void Return(List<MetricRow> list)
    {
        ArgumentNullException.ThrowIfNull(list);
        list.Clear();
        lock (_gate)
        {
            if (_lists.Count < capacity)
            {
                _lists.Push(list);
            }
        }
    }
}
