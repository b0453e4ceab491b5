using System.Globalization;
using AiObsStream.Core.Events;
using AiObsStream.Pipeline.Inputs;
using Confluent.Kafka;

namespace AiObsStream.Kafka.ScaleOut;

/// <summary>
/// Stage 2's reading of one repartition partition: turns envelopes back into records and dead letters, drops replays,
/// and tells the engine the partition's event time: the minimum over every source partition of the time it punctuated.
/// </summary>
/// <remarks>
/// <para>Watermark: every input topic's partitions are expected (punctuations name the topics and their partition
/// counts), and until each one has reported the time is unknown, so no window closes before every source has passed
/// it. A source whose last punctuation says idle does not hold the time back (Flink's source idleness); when every
/// source is idle, everything has been delivered and the time is the largest any source showed.</para>
/// <para>De-duplication: one stage-1 producer writes a source partition's envelopes to this partition in source-offset
/// order, and a replay after a stage-1 crash re-sends offsets at or below the highest already seen, so an envelope whose
/// (source, offset) is not above the source's mark is a duplicate. The marks, with the sources' times, travel in the
/// batch's <see cref="InputBatch.Positions"/> into the engine checkpoint, and come back through <see cref="Restore"/>.</para>
/// <para>Touched only by the consumer's poll thread.</para>
/// </remarks>
internal sealed class RepartitionDecoder
{
    private static readonly ParseError NotAnEnvelope = new(RejectReason.Malformed,
        "not a repartition message: the aiobs-src / aiobs-src-offset / aiobs-src-time headers are missing or malformed");

    private readonly string _input;
    private readonly Dictionary<string, SourceProgress> _sources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _topics = new(StringComparer.Ordinal);
    private List<string>? _expected;

    /// <summary>Creates the decoder of input <paramref name="input"/> (<c>topic/partition</c> of the repartition topic).</summary>
    public RepartitionDecoder(string input) => _input = input;

    /// <summary>Envelopes dropped as replays.</summary>
    public long Duplicates { get; private set; }

    /// <summary>Whether every expected source partition is known and idle (the input may be treated as idle).</summary>
    public bool AllIdle => Expected().All(s => _sources.TryGetValue(s, out var p) && p.Idle) && _topics.Count > 0;

    /// <summary>The event time the partition has reached (long.MinValue while some expected source has not reported).</summary>
    public long Watermark
    {
        get
        {
            var min = long.MaxValue;
            var max = long.MinValue;
            var any = false;
            foreach (var name in Expected())
            {
                if (!_sources.TryGetValue(name, out var s))
                {
                    return long.MinValue;
                }

                max = Math.Max(max, s.EventTime);
                if (!s.Idle)
                {
                    any = true;
                    min = Math.Min(min, s.EventTime);
                }
            }

            return _topics.Count == 0 ? long.MinValue : any ? min : max;
        }
    }

    /// <summary>The progress of one source (for tests and the console); null when never heard of.</summary>
    public SourceProgress? ProgressOf(string source) => _sources.GetValueOrDefault(source);

    /// <summary>Restores what a checkpoint saved (its offsets map holds the <see cref="InputBatch.Positions"/> of this input).</summary>
    public void Restore(IReadOnlyDictionary<string, long>? offsets)
    {
        if (offsets is null)
        {
            return;
        }

        var prefix = _input + "#";
        foreach (var (key, value) in offsets)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal) || key.Length < prefix.Length + 3 || key[prefix.Length + 1] != ':')
            {
                continue;
            }

            var name = key[(prefix.Length + 2)..];
            switch (key[prefix.Length])
            {
                case 'o':
                    Source(name).HighOffset = value;
                    break;
                case 't':
                    Source(name).EventTime = value;
                    break;
                case 'i':
                    Source(name).Idle = value != 0;
                    break;
                case 'n':
                    _topics[name] = (int)value;
                    _expected = null;
                    break;
            }
        }
    }

    /// <summary>Decodes one repartition message into <paramref name="builder"/>'s current batch.</summary>
    public void Accept(BatchBuilder builder, Message<byte[]?, byte[]?> message, long offset)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(message);
        var batch = builder.Current;
        var value = message.Value ?? [];
        batch.Units++;
        batch.Bytes += value.Length;
        if (!RepartitionHeaders.TryRead(message.Headers, out var source, out var sourceOffset, out var eventTime))
        {
            builder.Reject(offset, NotAnEnvelope, value);
            return;
        }

        var before = batch.Events.Count;
        try
        {
            var kind = EnvelopeCodec.KindOf(value);
            var progress = Source(source);
            if (kind == EnvelopeKind.Punctuation)
            {
                var (idle, topics) = EnvelopeCodec.ReadPunctuation(value);
                foreach (var (topic, partitions) in topics)
                {
                    if (!_topics.TryGetValue(topic, out var known) || known != partitions)
                    {
                        _topics[topic] = partitions;
                        _expected = null;
                        Save(batch, "n:" + topic, partitions);
                    }
                }

                Advance(batch, source, progress, eventTime, idle);
            }
            else if (sourceOffset <= progress.HighOffset)
            {
                Duplicates++; // a stage-1 replay of an envelope already taken
                return;
            }
            else
            {
                if (kind == EnvelopeKind.Records)
                {
                    EnvelopeCodec.ReadRecords(value, batch.Events);
                    foreach (var e in batch.Events.Span[before..])
                    {
                        batch.MaxTimeUnixMs = Math.Max(batch.MaxTimeUnixMs, e.TimeUnixMs);
                        batch.Source ??= e.Dims.Source;
                    }
                }
                else
                {
                    var letters = EnvelopeCodec.ReadDeadLetters(value);
                    batch.Rejects.AddRange(letters);
                    batch.RejectedRecords += letters.Count;
                }

                progress.HighOffset = sourceOffset;
                Save(batch, "o:" + source, sourceOffset);
                Advance(batch, source, progress, eventTime, idle: false);
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
        {
            batch.Events.Truncate(before);
            builder.Reject(offset, new ParseError(RejectReason.Malformed, "repartition message could not be read: " + ex.Message), value);
        }
        finally
        {
            batch.Watermark = Watermark;
        }
    }

    private void Advance(InputBatch batch, string name, SourceProgress progress, long eventTime, bool idle)
    {
        if (eventTime > progress.EventTime)
        {
            progress.EventTime = eventTime;
            Save(batch, "t:" + name, eventTime);
        }

        if (idle != progress.Idle)
        {
            progress.Idle = idle;
            Save(batch, "i:" + name, idle ? 1 : 0);
        }
    }

    private void Save(InputBatch batch, string what, long value) =>
        (batch.Positions ??= new(StringComparer.Ordinal))[_input + "#" + what] = value;

    private SourceProgress Source(string name)
    {
        if (!_sources.TryGetValue(name, out var s))
        {
            _sources[name] = s = new SourceProgress();
        }

        return s;
    }

    /// <summary>Every source partition the punctuations named (built once per change of the topic set).</summary>
    private List<string> Expected()
    {
        if (_expected is null)
        {
            _expected = [];
            foreach (var (topic, partitions) in _topics.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                for (var p = 0; p < partitions; p++)
                {
                    _expected.Add(string.Create(CultureInfo.InvariantCulture, $"{topic}/{p}"));
                }
            }
        }

        return _expected;
    }
}
