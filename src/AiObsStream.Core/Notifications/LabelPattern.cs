namespace AiObsStream.Core.Notifications;

/// <summary>Label matchers used by silences and inhibition: an exact value, or a prefix ending in a single '*'.</summary>
internal static class LabelPattern
{
    /// <summary>True when <paramref name="value"/> equals <paramref name="pattern"/>, or starts with it minus a trailing '*'.</summary>
    public static bool Matches(string pattern, string value)
    {
        if (pattern.Length > 0 && pattern[^1] == '*')
        {
            return value.AsSpan().StartsWith(pattern.AsSpan(0, pattern.Length - 1), StringComparison.Ordinal);
        }

        return string.Equals(pattern, value, StringComparison.Ordinal);
    }

    /// <summary>Throws when the pattern is empty or has a '*' anywhere but at the end.</summary>
    public static void Validate(string pattern, string setting)
    {
        if (pattern.Length == 0)
        {
            throw new ArgumentException($"{setting} must not be empty (leave it out to match any value)");
        }

        var star = pattern.IndexOf('*', StringComparison.Ordinal);
        if (star >= 0 && star != pattern.Length - 1)
        {
            throw new ArgumentException($"{setting} ('{pattern}'): '*' is only allowed once, at the end (prefix match)");
        }
    }
}
