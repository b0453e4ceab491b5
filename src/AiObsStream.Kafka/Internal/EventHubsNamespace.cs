namespace AiObsStream.Kafka.Internal;

/// <summary>Turns a namespace given as <c>NAME</c>, <c>NAME.servicebus.windows.net</c>, <c>sb://NAME.../</c> or <c>HOST:9093</c> into a host name.</summary>
internal static class EventHubsNamespace
{
    /// <summary>The public-cloud suffix appended to a bare namespace name.</summary>
    public const string DefaultSuffix = ".servicebus.windows.net";

    /// <summary>Normalizes <paramref name="value"/> to a lower-case host; <paramref name="error"/> says what is wrong.</summary>
    public static bool TryNormalize(string? value, out string host, out string error)
    {
        host = string.Empty;
        var s = (value ?? string.Empty).Trim();
        if (s.StartsWith("sb://", StringComparison.OrdinalIgnoreCase))
        {
            s = s[5..];
        }

        s = s.TrimEnd('/');
        if (s.EndsWith(":9093", StringComparison.Ordinal))
        {
            s = s[..^5];
        }

        s = s.ToLowerInvariant();
        var dot = s.IndexOf('.', StringComparison.Ordinal);
        var name = dot < 0 ? s : s[..dot];
        if (!IsNamespaceName(name))
        {
            error = $"'{name}' is not a namespace name (6-50 letters, digits and '-', starting with a letter, not ending with '-')";
            return false;
        }

        if (dot >= 0 && !IsHostTail(s.AsSpan(dot + 1)))
        {
            error = $"'{s}' is not a host name (expected NAME or NAME.servicebus.windows.net)";
            return false;
        }

        host = dot < 0 ? s + DefaultSuffix : s;
        error = string.Empty;
        return true;
    }

    private static bool IsNamespaceName(string name)
    {
        if (name.Length is < 6 or > 50 || !char.IsAsciiLetter(name[0]) || name[^1] == '-')
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsHostTail(ReadOnlySpan<char> tail)
    {
        if (tail.IsEmpty || tail[0] == '.' || tail[^1] == '.')
        {
            return false;
        }

        foreach (var c in tail)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '.')
            {
                return false;
            }
        }

        return true;
    }
}
