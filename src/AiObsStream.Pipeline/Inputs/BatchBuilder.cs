using System.Text;
using AiObsStream.Core.Events;
using AiObsStream.Formats;
using AiObsStream.Formats.Json;

namespace AiObsStream.Pipeline.Inputs;

/// <summary>
/// Accumulates parsed units of one input into <see cref="InputBatch"/>es: stamps each event with its position,
/// tracks the max event time, and turns parse failures into dead letters. Shared by file, scrape and Kafka inputs.
/// </summary>
internal sealed class BatchBuilder
{
    private readonly string _input;
    private readonly InputOptions _options;
    private readonly List<ParseError> _recordRejects = [];
    private InputBatch _batch;

    public BatchBuilder(string inputName, InputOptions options)
    {
        _input = inputName;
        _options = options;
        _batch = NewBatch();
    }

    /// <summary>The batch being filled.</summary>
    public InputBatch Current => _batch;

    /// <summary>Whether the batch reached its size limits.</summary>
    public bool IsFull => _batch.Units >= _options.BatchUnits || _batch.Events.Count >= _options.BatchEvents;

    /// <summary>Whether the batch holds anything worth sending.</summary>
    public bool HasContent => _batch.Units > 0 || _batch.Rejects.Count > 0;

    /// <summary>Parses one unit with <paramref name="parser"/>.</summary>
    public void Accept(ReadOnlySpan<byte> unit, long position, IUnitParser parser)
    {
        var before = _batch.Events.Count;
        _batch.Units++;
        _batch.Bytes += unit.Length + 1;
        _recordRejects.Clear();
        if (unit.Length > _options.MaxUnitBytes)
        {
            RejectTooLarge(position, unit.Length, unit);
            return;
        }

        ParseError failure;
        bool parsed;
#pragma warning disable CA1031 // unit boundary: a parser fault on one unit dead-letters that unit, the input goes on
        try
        {
            parsed = parser.TryParse(unit, _batch.Events, _recordRejects, out failure);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            parsed = false;
            failure = Fault(ex);
            _recordRejects.Clear();
        }
#pragma warning restore CA1031

        if (!parsed)
        {
            _batch.Events.Truncate(before);
            Reject(position, failure, unit);
            return;
        }

        foreach (var r in _recordRejects)
        {
            Reject(position, r, unit);
        }

        if (parser is EventHubsBodyParser { HasSkipped: true } bodies)
        {
            bodies.DrainSkipped(_batch.SkippedByTable ??= new long[SkippedTables.Count]);
        }

        Stamp(before, position);
    }

    /// <summary>A parser fault (an exception a parser should never throw) as the failure of that one unit.</summary>
    internal static ParseError Fault(Exception ex) =>
        new(RejectReason.Malformed, $"unit could not be parsed ({ex.GetType().Name}: {ex.Message})");

    /// <summary>Records units that were parsed by a line-oriented parser outside this class (events already appended).</summary>
    public void Accepted(int eventsBefore, long position, int bytes)
    {
        _batch.Units++;
        _batch.Bytes += bytes + 1;
        Stamp(eventsBefore, position);
    }

    /// <summary>Dead-letters a unit (or one of its records).</summary>
    public void Reject(long position, in ParseError error, ReadOnlySpan<byte> unit)
    {
        _batch.RejectedRecords++;
        _batch.Rejects.Add(new DeadLetter(_input, position, error.Reason, error.Message, error.RecordIndex,
            Excerpt(unit), unit.Length));
    }

    /// <summary>Dead-letters an over-long unit that was skipped.</summary>
    public void RejectTooLarge(long position, long length, ReadOnlySpan<byte> head)
    {
        _batch.Units++;
        _batch.RejectedRecords++;
        _batch.Rejects.Add(new DeadLetter(_input, position, RejectReason.TooLarge,
            $"unit of {length} bytes exceeds the limit of {_options.MaxUnitBytes} bytes", -1, Excerpt(head), length));
    }

    /// <summary>Hands over the current batch and starts a new one.</summary>
    public InputBatch Take()
    {
        var full = _batch;
        _batch = NewBatch();
        return full;
    }

    private void Stamp(int from, long position)
    {
        var events = _batch.Events.WritableSpan;
        var max = _batch.MaxTimeUnixMs;
        for (var i = from; i < events.Length; i++)
        {
            events[i].Origin = position;
            if (events[i].TimeUnixMs > max)
            {
                max = events[i].TimeUnixMs;
            }
        }

        _batch.MaxTimeUnixMs = max;
        if (_batch.Source is null && events.Length > from)
        {
            _batch.Source = events[from].Dims.Source;
        }
    }

    private string Excerpt(ReadOnlySpan<byte> unit) =>
        Encoding.UTF8.GetString(unit[..Math.Min(unit.Length, _options.ExcerptBytes)]);

    /// <summary>
    /// A batch with room for twice <see cref="InputOptions.BatchEvents"/> (at most 2,048) events: a batch is handed over
    /// once the unit that crosses the limit is in, so a full batch of bodies holds a few events more than the limit,
    /// and a buffer of exactly the limit grew (copied and cleared) once per batch.
    /// </summary>
    private InputBatch NewBatch() => new() { Events = new EventBuffer(2 * Math.Min(_options.BatchEvents, 1024)) };
}
