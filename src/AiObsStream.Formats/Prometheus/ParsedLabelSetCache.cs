namespace AiObsStream.Formats.Prometheus;

/// <summary>
/// Remembers how the last few label sets parsed (their raw bytes, from <c>{</c> to <c>}</c>, and the label names,
/// unescaped values and spans the parser made of them), so that a sample line repeating a label set byte for byte skips
/// the label parse: dcgm-exporter writes one label set per GPU for every field (#12: label parsing was ~3 % of the GPU
/// fleet run).
/// </summary>
/// <remarks>
/// <para>Sound because the label-set parse is a function of its bytes and the dialect alone: it starts with no labels,
/// reads nothing past its closing brace, and only sets that parsed without error are stored. So a line whose bytes
/// from its <c>{</c> start with a stored set's bytes (which end with that set's closing brace) parses to exactly the
/// stored result.</para>
/// <para>The order tried first is the order exporters write in: the slot last hit (a GPU's fields written one after the
/// other), then the slot stored after it (a family's GPUs written one after the other, every family in the same GPU
/// order), then the others. Slots are reused round-robin; their buffers grow only for a longer set, so the steady state
/// allocates nothing. Not thread-safe: one per parser.</para>
/// </remarks>
internal sealed class ParsedLabelSetCache
{
    /// <summary>Number of slots (8 GPUs per node, with room for MIG instances and the XID lines' own label sets).</summary>
    public const int Slots = 16;

    /// <summary>The raw bytes of each slot's label set, braces included.</summary>
    private readonly byte[][] _raw = new byte[Slots][];

    /// <summary>How many bytes of <see cref="_raw"/> each slot uses.</summary>
    private readonly int[] _rawLength = new int[Slots];

    /// <summary>The parser's scratch bytes for each slot: label names and unescaped values.</summary>
    private readonly byte[][] _parsed = new byte[Slots][];

    /// <summary>How many bytes of <see cref="_parsed"/> each slot uses.</summary>
    private readonly int[] _parsedLength = new int[Slots];

    /// <summary>The label spans of each slot (offsets into its parsed bytes).</summary>
    private readonly LabelSpan[][] _labels = new LabelSpan[Slots][];

    /// <summary>How many spans of <see cref="_labels"/> each slot uses.</summary>
    private readonly int[] _labelCount = new int[Slots];

    /// <summary>Whether each slot was parsed under OpenMetrics rules.</summary>
    private readonly bool[] _openMetrics = new bool[Slots];

    /// <summary>Slots in use (they fill from 0).</summary>
    private int _count;

    /// <summary>The slot the next store replaces.</summary>
    private int _next;

    /// <summary>The slot found or stored last.</summary>
    private int _lastHit;

    /// <summary>The slot whose label set <paramref name="rest"/> starts with, parsed under the same rules; -1 if none.</summary>
    /// <param name="rest">The line from the label set's opening brace to its end.</param>
    /// <param name="openMetrics">Whether OpenMetrics rules apply.</param>
    public int Find(ReadOnlySpan<byte> rest, bool openMetrics)
    {
        if (_count == 0)
        {
            return -1;
        }

        if (Matches(_lastHit, rest, openMetrics))
        {
            return _lastHit;
        }

        var after = _lastHit + 1 == _count ? 0 : _lastHit + 1;
        for (var tried = 0; tried < _count; tried++)
        {
            var slot = after + tried < _count ? after + tried : after + tried - _count;
            if (slot != _lastHit && Matches(slot, rest, openMetrics))
            {
                _lastHit = slot;
                return slot;
            }
        }

        return -1;
    }

    /// <summary>The length in bytes of the raw label set in <paramref name="slot"/>.</summary>
    public int RawLength(int slot) => _rawLength[slot];

    /// <summary>Copies a slot's parsed bytes and spans to the start of the parser's buffers.</summary>
    /// <param name="slot">A slot returned by <see cref="Find"/>.</param>
    /// <param name="scratch">The parser's scratch buffer: at least as long as the line, so it holds the parsed bytes.</param>
    /// <param name="labels">The parser's span buffer; grown when the slot has more labels.</param>
    /// <param name="labelCount">How many spans were copied.</param>
    /// <returns>How many scratch bytes were copied.</returns>
    public int Restore(int slot, byte[] scratch, ref LabelSpan[] labels, out int labelCount)
    {
        labelCount = _labelCount[slot];
        if (labels.Length < labelCount)
        {
            Array.Resize(ref labels, Math.Max(labelCount, labels.Length * 2));
        }

        _labels[slot].AsSpan(0, labelCount).CopyTo(labels);
        var length = _parsedLength[slot];
        _parsed[slot].AsSpan(0, length).CopyTo(scratch);
        return length;
    }

    /// <summary>Stores a label set that parsed without error, replacing the oldest slot when all are used.</summary>
    /// <param name="raw">The raw label set, braces included.</param>
    /// <param name="openMetrics">Whether OpenMetrics rules applied.</param>
    /// <param name="parsed">The scratch bytes the parse wrote (from the start of the scratch buffer).</param>
    /// <param name="labels">The spans the parse made.</param>
    public void Add(ReadOnlySpan<byte> raw, bool openMetrics, ReadOnlySpan<byte> parsed, ReadOnlySpan<LabelSpan> labels)
    {
        var slot = _next;
        _next = _next + 1 == Slots ? 0 : _next + 1;
        _count = Math.Max(_count, slot + 1);
        _raw[slot] = Fit(_raw[slot], raw.Length);
        raw.CopyTo(_raw[slot]);
        _rawLength[slot] = raw.Length;
        _parsed[slot] = Fit(_parsed[slot], parsed.Length);
        parsed.CopyTo(_parsed[slot]);
        _parsedLength[slot] = parsed.Length;
        if (_labels[slot] is not { } spans || spans.Length < labels.Length)
        {
            _labels[slot] = new LabelSpan[Math.Max(labels.Length, 8)];
        }

        labels.CopyTo(_labels[slot]);
        _labelCount[slot] = labels.Length;
        _openMetrics[slot] = openMetrics;
        _lastHit = slot;
    }

    /// <summary>The buffer if it holds <paramref name="length"/> bytes, else a new one that does.</summary>
    private static byte[] Fit(byte[]? buffer, int length) =>
        buffer is not null && buffer.Length >= length ? buffer : new byte[Math.Max(length, 128)];

    /// <summary>Whether <paramref name="rest"/> starts with the slot's raw label set, parsed under the same rules.</summary>
    private bool Matches(int slot, ReadOnlySpan<byte> rest, bool openMetrics) =>
        _openMetrics[slot] == openMetrics && rest.StartsWith(_raw[slot].AsSpan(0, _rawLength[slot]));
}
