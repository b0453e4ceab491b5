namespace AiObsStream.Cli.Tests.Deploy.Grafana;

/// <summary>The kinds of <see cref="KqlToken"/>.</summary>
internal enum KqlTokenKind
{
    /// <summary>A name: letters, digits and underscores, not starting with a digit.</summary>
    Identifier,

    /// <summary>A string literal's content (quotes removed).</summary>
    String,

    /// <summary>A number or a timespan (<c>1.5</c>, <c>5m</c>).</summary>
    Number,

    /// <summary>An operator or punctuation (<c>==</c>, <c>=</c>, <c>|</c>, <c>(</c>).</summary>
    Symbol,

    /// <summary>A Grafana macro or variable (<c>$__timeFilter</c>, <c>$deployment</c>, <c>${host}</c>).</summary>
    Variable,
}

/// <summary>One token of a KQL query.</summary>
internal readonly record struct KqlToken(KqlTokenKind Kind, string Text);

/// <summary>Splits KQL into tokens: comments dropped, strings as one token, two-character operators kept whole.</summary>
internal static class KqlTokens
{
    private static readonly string[] TwoCharSymbols = ["==", "!=", "=~", "!~", ">=", "<=", "=>"];

    /// <summary>The tokens of <paramref name="query"/>.</summary>
    public static IReadOnlyList<KqlToken> Read(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var tokens = new List<KqlToken>();
        var i = 0;
        while (i < query.Length)
        {
            var c = query[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '/' && i + 1 < query.Length && query[i + 1] == '/')
            {
                while (i < query.Length && query[i] != '\n')
                {
                    i++;
                }
            }
            else if (c is '"' or '\'')
            {
                var end = i + 1;
                var text = new System.Text.StringBuilder();
                while (end < query.Length && query[end] != c)
                {
                    if (query[end] == '\\' && end + 1 < query.Length)
                    {
                        end++;
                    }

                    text.Append(query[end]);
                    end++;
                }

                tokens.Add(new(KqlTokenKind.String, text.ToString()));
                i = end + 1;
            }
            else if (c == '$')
            {
                var end = i + 1;
                if (end < query.Length && query[end] == '{')
                {
                    end = query.IndexOf('}', end) is var close and >= 0 ? close + 1 : query.Length;
                }
                else
                {
                    while (end < query.Length && (char.IsAsciiLetterOrDigit(query[end]) || query[end] == '_'))
                    {
                        end++;
                    }
                }

                tokens.Add(new(KqlTokenKind.Variable, query[i..end]));
                i = end;
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                var end = i;
                while (end < query.Length && (char.IsAsciiLetterOrDigit(query[end]) || query[end] == '_'))
                {
                    end++;
                }

                tokens.Add(new(KqlTokenKind.Identifier, query[i..end]));
                i = end;
            }
            else if (char.IsAsciiDigit(c))
            {
                var end = i;
                while (end < query.Length && (char.IsAsciiLetterOrDigit(query[end]) || query[end] == '.'))
                {
                    end++;
                }

                tokens.Add(new(KqlTokenKind.Number, query[i..end]));
                i = end;
            }
            else
            {
                var two = i + 1 < query.Length ? query.Substring(i, 2) : string.Empty;
                var symbol = Array.IndexOf(TwoCharSymbols, two) >= 0 ? two : c.ToString();
                tokens.Add(new(KqlTokenKind.Symbol, symbol));
                i += symbol.Length;
            }
        }

        return tokens;
    }
}
