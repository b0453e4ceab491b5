using System.Text;

namespace AiObsStream.Formats.Json;

/// <summary>
/// Case-insensitive (ASCII) lookup of JSON property names, straight from UTF-8 bytes, without allocating.
/// </summary>
/// <remarks>
/// Keys are bucketed by byte length, so a lookup compares against the few keys of the same length only
/// (formats.md §1.1: keys arrive as <c>Level</c>/<c>level</c>, <c>Properties</c>/<c>properties</c>). Immutable after
/// construction and safe to share between threads.
/// </remarks>
internal sealed class KeyTable
{
    private const int MaxKeyLength = 64;
    private readonly byte[][][] _names = new byte[MaxKeyLength + 1][][];
    private readonly KeySpec[][] _specs = new KeySpec[MaxKeyLength + 1][];

    /// <summary>Builds the table from (name, spec) pairs; names are ASCII.</summary>
    public KeyTable(params ReadOnlySpan<(string Name, KeySpec Spec)> entries)
    {
        var names = new List<byte[]>[MaxKeyLength + 1];
        var specs = new List<KeySpec>[MaxKeyLength + 1];
        foreach (var (name, spec) in entries)
        {
            var bytes = Encoding.ASCII.GetBytes(name);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes.Length, MaxKeyLength, nameof(entries));
            (names[bytes.Length] ??= []).Add(bytes);
            (specs[bytes.Length] ??= []).Add(spec);
        }

        for (var i = 0; i <= MaxKeyLength; i++)
        {
            _names[i] = names[i]?.ToArray() ?? [];
            _specs[i] = specs[i]?.ToArray() ?? [];
        }
    }

    /// <summary>Finds the spec of <paramref name="key"/> (UTF-8, unescaped), ignoring ASCII case.</summary>
    public bool TryGet(ReadOnlySpan<byte> key, out KeySpec spec)
    {
        if (key.Length <= MaxKeyLength)
        {
            var names = _names[key.Length];
            for (var i = 0; i < names.Length; i++)
            {
                if (Ascii.EqualsIgnoreCase(key, names[i]))
                {
                    spec = _specs[key.Length][i];
                    return true;
                }
            }
        }

        spec = default;
        return false;
    }
}
