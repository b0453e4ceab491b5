using System.Buffers;
using System.Runtime.CompilerServices;

namespace AiObsStream.Formats.Json;

/// <summary>
/// The captured fields of one JSON record: text fields as slices of a pooled UTF-8 arena, numbers as doubles.
/// Reused for every record, so reading a record allocates nothing.
/// </summary>
/// <remarks>Owned by one parser instance; not thread-safe. Text slices stay valid until <see cref="Reset"/>.</remarks>
internal sealed class RecordScratch : IDisposable
{
    private const int TextCount = (int)JsonField.Time + 1;
    private const int NumberCount = JsonField.End - JsonField.Status;
    private const byte Absent = byte.MaxValue;

    private readonly int[] _textStart = new int[TextCount];
    private readonly int[] _textLength = new int[TextCount];
    private readonly byte[] _textPriority = new byte[TextCount];
    private readonly double[] _numbers = new double[NumberCount];
    private readonly byte[] _numberPriority = new byte[NumberCount];
    private readonly string?[] _problems = new string?[(int)JsonField.Records + 1];
    private bool _anyProblem;
    private KeyOrderCache? _keysA;
    private KeyOrderCache? _keysB;
    private byte[] _arena = ArrayPool<byte>.Shared.Rent(4096);
    private int _used;

    /// <summary>Creates an empty scratch.</summary>
    public RecordScratch() => Reset();

    /// <summary>The last valid minute of a time text (kept across records: they share it for a minute at a time).</summary>
    public FastScalars.UtcMinuteCache Minutes { get; } = new();

    /// <summary>Event time in Unix ms, valid when <see cref="TimeState"/> is 1.</summary>
    public long TimeUnixMs { get; private set; }

    /// <summary>0 = no time key, 1 = parsed, 2 = present but not a time (raw text kept in <see cref="JsonField.Time"/>).</summary>
    public int TimeState { get; private set; }

    /// <summary><c>requestTime</c> in .NET ticks, or 0.</summary>
    public long RequestTicks { get; set; }

    /// <summary><c>responseTime</c> in .NET ticks, or 0.</summary>
    public long ResponseTicks { get; set; }

    /// <summary>The first numeric field that was present but not a finite number, or <see cref="JsonField.End"/>.</summary>
    public JsonField InvalidNumber { get; private set; }

    /// <summary>The raw text of <see cref="InvalidNumber"/>, for the reject message.</summary>
    public string? InvalidNumberText { get; private set; }

    /// <summary>Set when a nested <c>properties</c> string was not valid JSON: the message, else null.</summary>
    public string? NestedError { get; set; }

    /// <summary>Clears all fields (keeps the arena).</summary>
    public void Reset()
    {
        _used = 0;
        Array.Fill(_textPriority, Absent);
        Array.Fill(_numberPriority, Absent);
        Array.Fill(_numbers, double.NaN);
        TimeState = 0;
        TimeUnixMs = 0;
        RequestTicks = 0;
        ResponseTicks = 0;
        InvalidNumber = JsonField.End;
        InvalidNumberText = null;
        NestedError = null;
        if (_anyProblem)
        {
            Array.Clear(_problems);
            _anyProblem = false;
        }
    }

    /// <summary>
    /// The key-order cache of the objects read with <paramref name="table"/>. A parser reads with two tables at most
    /// (records, and their <c>properties</c>); a third table takes over the second cache.
    /// </summary>
    public KeyOrderCache KeyOrder(KeyTable table)
    {
        if (_keysA is null || ReferenceEquals(_keysA.Table, table))
        {
            return _keysA ??= new KeyOrderCache(table);
        }

        if (_keysB is null)
        {
            return _keysB = new KeyOrderCache(table);
        }

        if (!ReferenceEquals(_keysB.Table, table))
        {
            _keysB.Rebind(table);
        }

        return _keysB;
    }

    /// <summary>Whether a text field should be (re)written by an alias of <paramref name="priority"/>.</summary>
    public bool WantsText(JsonField field, byte priority) => priority < _textPriority[(int)field];

    /// <summary>Reserves <paramref name="maxBytes"/> in the arena for a text field; commit with <see cref="CommitText"/>.</summary>
    public Span<byte> ReserveText(int maxBytes)
    {
        if (_arena.Length - _used < maxBytes)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_arena.Length * 2, _used + maxBytes));
            _arena.AsSpan(0, _used).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_arena);
            _arena = bigger;
        }

        return _arena.AsSpan(_used, maxBytes);
    }

    /// <summary>Records the <paramref name="length"/> bytes written into the last <see cref="ReserveText"/> span.</summary>
    public void CommitText(JsonField field, byte priority, int length)
    {
        var i = (int)field;
        _textStart[i] = _used;
        _textLength[i] = length;
        _textPriority[i] = priority;
        _used += length;
    }

    /// <summary>Whether a text field is present.</summary>
    public bool Has(JsonField field) => _textPriority[(int)field] != Absent;

    /// <summary>The UTF-8 text of a field (empty when absent).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // about ten calls per record as the parsers interpret it (perf: 1.2 % of an AOAI run as calls)
    public ReadOnlySpan<byte> Text(JsonField field)
    {
        var i = (int)field;
        return _textPriority[i] == Absent ? default : _arena.AsSpan(_textStart[i], _textLength[i]);
    }

    /// <summary>Stores a number if <paramref name="priority"/> beats the alias already stored.</summary>
    public void SetNumber(JsonField field, byte priority, double value)
    {
        var i = field - JsonField.Status;
        if (priority < _numberPriority[i])
        {
            _numbers[i] = value;
            _numberPriority[i] = priority;
        }
    }

    /// <summary>A number field, NaN when absent or invalid.</summary>
    public double Number(JsonField field) => _numbers[field - JsonField.Status];

    /// <summary>
    /// Notes a numeric field that was present but unusable: <paramref name="rawText"/> is its text (first field wins
    /// for <see cref="InvalidNumber"/>), <paramref name="problem"/> the reject message fragment kept per field.
    /// </summary>
    public void MarkInvalid(JsonField field, string rawText, string problem)
    {
        if (InvalidNumber == JsonField.End)
        {
            InvalidNumber = field;
            InvalidNumberText = rawText;
        }

        MarkProblem(field, problem);
    }

    /// <summary>
    /// Notes a value of the wrong JSON type (or an unreadable number) for <paramref name="field"/>, with the message
    /// fragment that names the key, what was found and what was expected; the first one per field is kept.
    /// </summary>
    public void MarkProblem(JsonField field, string problem)
    {
        _problems[(int)field] ??= problem;
        _anyProblem = true;
    }

    /// <summary>The problem noted for <paramref name="field"/> (see <see cref="MarkProblem"/>), else null.</summary>
    public string? Problem(JsonField field) => _anyProblem ? _problems[(int)field] : null;

    /// <summary>
    /// The first text field that names or identifies something (<see cref="TypeRules.IsStrictText"/>) and holds a
    /// non-string value with no valid alias beside it; null when there is none.
    /// </summary>
    public string? FirstTextProblem()
    {
        if (!_anyProblem)
        {
            return null;
        }

        for (var i = 0; i < TextCount; i++)
        {
            if (_problems[i] is { } problem && !Has((JsonField)i))
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>Stores the event time.</summary>
    public void SetTime(long unixMs)
    {
        TimeUnixMs = unixMs;
        TimeState = 1;
    }

    /// <summary>Notes a time key whose value is not a time (its raw text is kept in the <see cref="JsonField.Time"/> slot).</summary>
    public void SetTimeInvalid()
    {
        if (TimeState == 0)
        {
            TimeState = 2;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        var arena = _arena;
        _arena = [];
        if (arena.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(arena);
        }
    }
}
