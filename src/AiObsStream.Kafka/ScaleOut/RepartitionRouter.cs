using AiObsStream.Core.Events;
using AiObsStream.Pipeline.Inputs;

namespace AiObsStream.Kafka.ScaleOut;

/// <summary>
/// Stage 1 without the transport: parses each input message with the same <see cref="UnitRouter"/> as every other
/// input, splits its records by owner (<see cref="OwnerKey"/>) into one envelope per repartition partition, turns its
/// rejects into a dead-letters envelope, and tracks each source partition's event-time progress for the punctuations.
/// </summary>
/// <remarks>
/// A source message yields at most one envelope per repartition partition, all carrying the message's own offset:
/// stage 2 then de-duplicates a replay by (source, offset) alone. Not thread-safe (one per stage-1 consumer).
/// </remarks>
internal sealed class RepartitionRouter : IDisposable
{
    private static readonly Core.Events.ParseError EmptyMessage = new(RejectReason.Malformed, "empty message (null or zero-length value)");
    private readonly InputOptions _options;
    private readonly int _partitions;
    private readonly Dictionary<string, SourceState> _sources = new(StringComparer.Ordinal);
    private readonly Dictionary<SeriesDims, int> _owners = new(ReferenceEqualityComparer.Instance);
    private readonly List<TelemetryEvent>[] _byPartition;

    /// <summary>Creates a router.</summary>
    /// <param name="options">Parsing limits and the GPU → deployment map (as for every input).</param>
    /// <param name="partitions">Partitions of the repartition topic.</param>
    public RepartitionRouter(InputOptions options, int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        _options = options ?? new InputOptions();
        _partitions = partitions;
        _byPartition = new List<TelemetryEvent>[partitions];
    }

    /// <summary>Partitions of the repartition topic.</summary>
    public int Partitions => _partitions;

    /// <summary>The largest event time source partition <paramref name="source"/> has shown (long.MinValue before any).</summary>
    public long EventTimeOf(string source) => _sources.TryGetValue(source, out var s) ? s.MaxTime : long.MinValue;

    /// <summary>The last offset read from <paramref name="source"/> (-1 before any).</summary>
    public long LastOffsetOf(string source) => _sources.TryGetValue(source, out var s) ? s.LastOffset : -1;

    /// <summary>
    /// Drops a source partition that was revoked (its parser caches and progress): a later owner starts from the
    /// committed offset, and stage 2 keeps the larger of the event times it was told.
    /// </summary>
    public void Forget(string source)
    {
        if (_sources.Remove(source, out var s))
        {
            s.Dispose();
        }
    }

    /// <summary>Parses one input message and appends the envelopes it yields to <paramref name="output"/>.</summary>
    /// <param name="source">The source partition, <c>topic/partition</c>.</param>
    /// <param name="offset">The message's offset.</param>
    /// <param name="value">The message's value (null or empty: dead-lettered).</param>
    /// <param name="timestampUnixMs">The message time (samples without their own timestamp take it); 0 when none.</param>
    /// <param name="output">Receives the envelopes.</param>
    public void Route(string source, long offset, byte[]? value, long timestampUnixMs, List<RoutedMessage> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!_sources.TryGetValue(source, out var state))
        {
            _sources[source] = state = new SourceState(source, _options);
        }

        var builder = state.Builder;
        if (value is null || value.Length == 0)
        {
            builder.Current.Units++;
            builder.Reject(offset, EmptyMessage, []);
        }
        else
        {
            state.Router.Accept(builder, value, offset, defaultTimeUnixMs: timestampUnixMs);
        }

        var batch = builder.Take();
        state.LastOffset = offset;
        try
        {
            var events = batch.Events.Span;
            foreach (ref readonly var e in events)
            {
                state.MaxTime = Math.Max(state.MaxTime, e.TimeUnixMs);
                (_byPartition[PartitionOf(e.Dims)] ??= []).Add(e);
            }

            for (var p = 0; p < _partitions; p++)
            {
                if (_byPartition[p] is { Count: > 0 } list)
                {
                    output.Add(new RoutedMessage(p, EnvelopeCodec.Records(list.ToArray()), source, offset, state.MaxTime));
                    list.Clear();
                }
            }

            if (batch.Rejects.Count > 0)
            {
                output.Add(new RoutedMessage(DeadLetterPartition(source), EnvelopeCodec.DeadLetters(batch.Rejects), source, offset, state.MaxTime));
            }
        }
        finally
        {
            batch.Events.Dispose();
        }
    }

    /// <summary>
    /// One punctuation per repartition partition for <paramref name="source"/>: its event time and last offset so far,
    /// so every owner knows the source's progress even where the source sent it no records.
    /// </summary>
    /// <param name="source">The source partition.</param>
    /// <param name="idle">The source has been caught up and quiet for the idle timeout.</param>
    /// <param name="topics">Every input topic with its partition count.</param>
    /// <param name="output">Receives the punctuations.</param>
    public void Punctuate(string source, bool idle, IReadOnlyList<(string Topic, int Partitions)> topics, List<RoutedMessage> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var value = EnvelopeCodec.Punctuation(idle, topics);
        var (time, offset) = _sources.TryGetValue(source, out var s) ? (s.MaxTime, s.LastOffset) : (long.MinValue, -1L);
        for (var p = 0; p < _partitions; p++)
        {
            output.Add(new RoutedMessage(p, value, source, offset, time));
        }
    }

    /// <summary>The partition that carries a source partition's dead letters (all of one source in order, in one place).</summary>
    public int DeadLetterPartition(string source) => (int)(StableHash64.Of(source) % (ulong)_partitions);

    public void Dispose()
    {
        foreach (var s in _sources.Values)
        {
            s.Dispose();
        }

        _sources.Clear();
    }

    private int PartitionOf(SeriesDims dims)
    {
        if (!_owners.TryGetValue(dims, out var p))
        {
            p = OwnerKey.PartitionOf(dims, _partitions);
            if (_owners.Count < 1 << 20)
            {
                _owners[dims] = p; // dims are interned: a reference lookup; bounded, a cardinality burst only costs hashing
            }
        }

        return p;
    }

    private sealed class SourceState(string name, InputOptions options) : IDisposable
    {
        public BatchBuilder Builder { get; } = new(name, options);

        public UnitRouter Router { get; } = new(options);

        public long MaxTime { get; set; } = long.MinValue;

        public long LastOffset { get; set; } = -1;

        public void Dispose()
        {
            Builder.Current.Events.Dispose();
            Router.Dispose();
        }
    }
}
