using System.Runtime.CompilerServices;

namespace AiObsStream.Core.Events;

/// <summary>
/// A 64-bit hash that is stable across processes, machines and runs (unlike <see cref="string.GetHashCode()"/>).
/// Used for dedup keys, partitioning and deterministic ids (AlertId, RowId).
/// </summary>
/// <remarks>
/// FNV-1a with a final avalanche (the 64-bit finalizer of MurmurHash3). System.IO.Hashing (XxHash) is not served by
/// this project's package registry, so this small hash is written by hand. Not for security.
/// </remarks>
public static class StableHash64
{
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    /// <summary>Hashes UTF-8 bytes.</summary>
    public static ulong Of(ReadOnlySpan<byte> bytes)
    {
        var h = Offset;
        foreach (var b in bytes)
        {
            h = (h ^ b) * Prime;
        }

        return Mix(h);
    }

    /// <summary>Hashes a string by its UTF-16 code units (ordinal).</summary>
    public static ulong Of(string? text)
    {
        var h = Offset;
        if (text is not null)
        {
            foreach (var c in text)
            {
                h = (h ^ (byte)c) * Prime;
                h = (h ^ (byte)(c >> 8)) * Prime;
            }
        }

        return Mix(h);
    }

    /// <summary>Hashes chars by their UTF-16 code units (same result as <see cref="Of(string)"/>).</summary>
    public static ulong Of(ReadOnlySpan<char> text)
    {
        var h = Offset;
        foreach (var c in text)
        {
            h = (h ^ (byte)c) * Prime;
            h = (h ^ (byte)(c >> 8)) * Prime;
        }

        return Mix(h);
    }

    /// <summary>Combines hashes in order (order matters).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Combine(ulong a, ulong b) => Mix(a ^ (b + 0x9E3779B97F4A7C15UL + (a << 6) + (a >> 2)));

    /// <summary>Combines several hashes in order.</summary>
    public static ulong Combine(ulong a, ulong b, ulong c, ulong d, ulong e, ulong f, ulong g, ulong h) =>
        Combine(Combine(Combine(Combine(Combine(Combine(Combine(a, b), c), d), e), f), g), h);

    /// <summary>The MurmurHash3 64-bit finalizer: spreads every input bit over the output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong h)
    {
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdUL;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53UL;
        h ^= h >> 33;
        return h;
    }
}
