namespace AiObsStream.Kafka.Relay;

/// <summary>
/// The CloudEvent ids relayed most recently from one partition, oldest evicted first beyond <see cref="Capacity"/>: a
/// bounded de-duplication window (one incident's changes share a partition, so a repeat lands in the same window).
/// </summary>
internal sealed class RecentIds(int capacity)
{
    private readonly HashSet<string> _set = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    public int Count => _set.Count;

    /// <summary>Ids in insertion order, oldest first (the checkpoint keeps them in this order).</summary>
    public IEnumerable<string> InOrder => _order;

    public bool Contains(string id) => _set.Contains(id);

    /// <summary>Adds <paramref name="id"/>; false when it was already there. Evicts the oldest beyond the capacity.</summary>
    public bool Add(string id)
    {
        if (!_set.Add(id))
        {
            return false;
        }

        _order.Enqueue(id);
        while (_order.Count > Capacity)
        {
            _set.Remove(_order.Dequeue());
        }

        return true;
    }
}
