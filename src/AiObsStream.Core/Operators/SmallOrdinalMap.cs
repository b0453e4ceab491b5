namespace AiObsStream.Core.Operators;

/// <summary>
/// A <see cref="SmallSortedMap{TKey, TValue, TOrder}"/> with string keys in ordinal order: what a
/// <c>SortedDictionary</c> with <see cref="StringComparer.Ordinal"/> gives, for a handful of entries.
/// </summary>
internal sealed class SmallOrdinalMap<TValue> : SmallSortedMap<string, TValue, OrdinalOrder>;
