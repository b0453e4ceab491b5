namespace AiObsStream.Core.Operators;

/// <summary>
/// A <see cref="SmallSortedMap{TKey, TValue, TOrder}"/> with <see cref="long"/> keys (hours, window starts) in ascending
/// order: what a <c>SortedDictionary&lt;long, TValue&gt;</c> gives, for the one or two entries a series keeps open.
/// </summary>
internal sealed class SmallLongMap<TValue> : SmallSortedMap<long, TValue, AscendingLongOrder>;
