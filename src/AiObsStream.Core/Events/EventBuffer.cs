using System.Buffers;

namespace AiObsStream.Core.Events;

/// <summary>
/// A growable batch of <see cref="TelemetryEvent"/> backed by a pooled array: the unit passed between stages.
/// </summary>
/// <remarks>
/// Single owner: whoever holds the buffer may write it; hand it on through a channel and do not touch it again.
/// <see cref="Dispose"/> returns the array to the pool.
/// </remarks>
public sealed class EventBuffer : IDisposable
{
    /// <summary>
    /// A dedicated pool: batches of a few thousand events are large-object-heap arrays, and the shared pool trims them
    /// after every gen-2 collection, which turns batching into LOH churn. This pool keeps up to 256 arrays per size.
    /// </summary>
    private static readonly ArrayPool<TelemetryEvent> Pool = ArrayPool<TelemetryEvent>.Create(64 * 1024, 256);

    private TelemetryEvent[] _items;

    /// <summary>Creates a buffer with room for <paramref name="capacity"/> events.</summary>
    public EventBuffer(int capacity = 256)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _items = Pool.Rent(capacity);
    }

    /// <summary>Number of events held.</summary>
    public int Count { get; private set; }

    /// <summary>The events held.</summary>
    public ReadOnlySpan<TelemetryEvent> Span => _items.AsSpan(0, Count);

    /// <summary>The events held, writable (for in-place enrichment by the owner).</summary>
    public Span<TelemetryEvent> WritableSpan => _items.AsSpan(0, Count);

    /// <summary>Appends an event.</summary>
    public void Add(in TelemetryEvent item)
    {
        if (Count == _items.Length)
        {
            Grow();
        }

        _items[Count++] = item;
    }

    /// <summary>Drops events added after <paramref name="count"/> (used to roll back a rejected body).</summary>
    public void Truncate(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        Array.Clear(_items, count, Count - count);
        Count = count;
    }

    /// <summary>Removes all events (keeps the array).</summary>
    public void Clear() => Truncate(0);

    /// <inheritdoc />
    public void Dispose()
    {
        var items = _items;
        var count = Count;
        _items = [];
        Count = 0;
        if (items.Length > 0)
        {
            Return(items, count);
        }
    }

    private void Grow()
    {
        var bigger = Pool.Rent(Math.Max(16, _items.Length * 2));
        _items.AsSpan(0, Count).CopyTo(bigger);
        Return(_items, Count);
        _items = bigger;
    }

    /// <summary>
    /// Returns an array to the pool with its first <paramref name="count"/> events cleared (they hold references).
    /// </summary>
    /// <remarks>
    /// Only the used part is cleared: every event at or past <see cref="Count"/> is already default (arrays come from the
    /// pool cleared, and <see cref="Truncate"/> clears what it drops), so clearing the whole array, as
    /// <c>clearArray: true</c> does, cost a 2,048-event memset per batch for a batch of a few events more than 1,024.
    /// </remarks>
    private static void Return(TelemetryEvent[] items, int count)
    {
        Array.Clear(items, 0, count);
        Pool.Return(items);
    }
}
