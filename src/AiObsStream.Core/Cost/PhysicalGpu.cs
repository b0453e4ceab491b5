namespace AiObsStream.Core.Cost;

/// <summary>
/// The physical GPU a GPU series belongs to. A MIG instance is its own series (its Gpu dimension is the parent GPU's
/// UUID or index followed by the instance), but the hourly rate is paid once per physical GPU, so GPU time is counted
/// per physical GPU: the leading <c>GPU-</c> UUID (40 characters) when there is one, else the leading decimal index,
/// else the whole value.
/// </summary>
internal static class PhysicalGpu
{
    private const int UuidLength = 40; // "GPU-" + 8-4-4-4-12 hex digits and dashes

    public static string Of(string gpu)
    {
        ArgumentNullException.ThrowIfNull(gpu);
        if (gpu.Length > UuidLength && gpu.StartsWith("GPU-", StringComparison.Ordinal) && IsUuidBody(gpu.AsSpan(4, UuidLength - 4)))
        {
            return gpu[..UuidLength];
        }

        var digits = 0;
        while (digits < gpu.Length && char.IsAsciiDigit(gpu[digits]))
        {
            digits++;
        }

        return digits > 0 && digits < gpu.Length && !char.IsAsciiLetterOrDigit(gpu[digits]) ? gpu[..digits] : gpu;
    }

    private static bool IsUuidBody(ReadOnlySpan<char> s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var dash = i is 8 or 13 or 18 or 23;
            if (dash ? s[i] != '-' : !char.IsAsciiHexDigit(s[i]))
            {
                return false;
            }
        }

        return true;
    }
}
