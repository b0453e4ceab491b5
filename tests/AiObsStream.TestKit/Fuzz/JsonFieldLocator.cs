namespace AiObsStream.TestKit.Fuzz;

/// <summary>
/// Finds <c>"key": value</c> spans in JSON text without parsing it (the text may already be hostile), so mutations can
/// target a named field. Keys inside JSON-encoded strings (escaped quotes) are not matched.
/// </summary>
internal static class JsonFieldLocator
{
    /// <summary>Every occurrence of the field <paramref name="key"/> (exact case) in <paramref name="json"/>.</summary>
    public static List<JsonFieldSpan> Find(ReadOnlySpan<byte> json, string key)
    {
        var pattern = System.Text.Encoding.UTF8.GetBytes("\"" + key + "\"");
        var found = new List<JsonFieldSpan>();
        var from = 0;
        while (from < json.Length)
        {
            var hit = json[from..].IndexOf(pattern);
            if (hit < 0)
            {
                break;
            }

            var keyStart = from + hit;
            from = keyStart + 1;
            if (keyStart > 0 && json[keyStart - 1] == (byte)'\\')
            {
                continue; // a key inside an escaped (string-encoded) object
            }

            var colon = SkipSpace(json, keyStart + pattern.Length);
            if (colon >= json.Length || json[colon] != (byte)':')
            {
                continue; // a value equal to the key's text, not a key
            }

            var valueStart = SkipSpace(json, colon + 1);
            var valueEnd = ValueEnd(json, valueStart);
            if (valueEnd > valueStart)
            {
                found.Add(new JsonFieldSpan(keyStart, valueStart, valueEnd));
            }
        }

        return found;
    }

    private static int SkipSpace(ReadOnlySpan<byte> json, int at)
    {
        while (at < json.Length && json[at] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            at++;
        }

        return at;
    }

    /// <summary>The index just past the value starting at <paramref name="start"/> (string-aware bracket matching).</summary>
    private static int ValueEnd(ReadOnlySpan<byte> json, int start)
    {
        if (start >= json.Length)
        {
            return start;
        }

        if (json[start] == (byte)'"')
        {
            return StringEnd(json, start);
        }

        if (json[start] is (byte)'{' or (byte)'[')
        {
            var depth = 0;
            for (var i = start; i < json.Length; i++)
            {
                switch (json[i])
                {
                    case (byte)'"':
                        i = StringEnd(json, i) - 1;
                        break;
                    case (byte)'{' or (byte)'[':
                        depth++;
                        break;
                    case (byte)'}' or (byte)']':
                        if (--depth == 0)
                        {
                            return i + 1;
                        }

                        break;
                }
            }

            return json.Length;
        }

        var end = start;
        while (end < json.Length && json[end] is not ((byte)',' or (byte)'}' or (byte)']' or (byte)' ' or (byte)'\n' or (byte)'\r'))
        {
            end++;
        }

        return end;
    }

    private static int StringEnd(ReadOnlySpan<byte> json, int quote)
    {
        for (var i = quote + 1; i < json.Length; i++)
        {
            if (json[i] == (byte)'\\')
            {
                i++;
            }
            else if (json[i] == (byte)'"')
            {
                return i + 1;
            }
        }

        return json.Length;
    }
}
