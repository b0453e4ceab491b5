using System.Buffers;
using System.Text;

namespace AiObsStream.Core.Text;

/// <summary>
/// Interns short strings read from UTF-8 input so that repeated label values (deployment, version, host, metric
/// names) allocate once instead of per record.
/// </summary>
/// <remarks>
/// Not thread-safe: each parser owns one. Growth is bounded by <see cref="MaxEntries"/>; beyond it strings are
/// returned un-interned (correct, only slower), which protects memory against unbounded label cardinality.
/// </remarks>
public sealed class StringPool
{
    private const int StackChars = 128; // 256 bytes: the stackalloc budget
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    /// <summary>Creates a pool.</summary>
    /// <param name="maxEntries">Upper bound on interned strings.</param>
    public StringPool(int maxEntries = 100_000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEntries);
        MaxEntries = maxEntries;
        _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Upper bound on the number of interned strings.</summary>
    public int MaxEntries { get; }

    /// <summary>Number of interned strings.</summary>
    public int Count => _strings.Count;

    /// <summary>Returns the interned string equal to <paramref name="chars"/>.</summary>
    public string Get(ReadOnlySpan<char> chars)
    {
        if (chars.IsEmpty)
        {
            return string.Empty;
        }

        if (_lookup.TryGetValue(chars, out var s))
        {
            return s;
        }

        s = chars.ToString();
        if (_strings.Count < MaxEntries)
        {
            _strings[s] = s;
        }

        return s;
    }

    /// <summary>Returns the interned string for UTF-8 bytes (invalid sequences become U+FFFD).</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return string.Empty;
        }

        if (utf8.Length <= StackChars)
        {
            Span<char> buffer = stackalloc char[StackChars];
            var n = Encoding.UTF8.GetChars(utf8, buffer);
            return Get(buffer[..n]);
        }

        var rented = ArrayPool<char>.Shared.Rent(utf8.Length);
        try
        {
            var n = Encoding.UTF8.GetChars(utf8, rented);
            return Get(rented.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }
}
