using System.Globalization;
using System.Runtime.CompilerServices;

namespace AiObsStream.Formats.Json;

/// <summary>
/// The plausible range of every numeric field the JSON parsers use: the one table, documented in the README
/// ("Plausible value ranges"). A value outside it is an <c>invalid_value</c> dead letter of its record, never a number
/// that reaches a window (a 400-digit <c>durationMs</c> read as 3.2e225 ms would page as a latency alert).
/// </summary>
/// <remarks>
/// <para>The bounds are wide on purpose: they catch corruption (overflowed, mutated or mis-scaled numbers), not unusual
/// but real traffic. Latencies: a request, its time to first token or its queue time above 24 h is not a request
/// latency. Tokens: 1e8 per request is fifty times the largest context window sold today (2 M). Status: HTTP status
/// codes are three-digit integers 100–599 (RFC 9110 §15); 0 is accepted as "no response" (App Insights writes it for a
/// call that never got one). Evaluation scores and user feedback: ratios, grades and small counts, |x| ≤ 1e6.
/// AllMetrics aggregates: counts 0..1e15, sums/min/max/average |x| ≤ 1e18 (a storage account's capacity in bytes is
/// ~1e16).</para>
/// <para>A numeric field whose text is a number that does not fit a double (400 digits, <c>1e400</c>) or an explicit
/// <c>NaN</c>/<c>Infinity</c> is outside the range too. Any other value of the wrong type (<c>"n/a"</c>, <c>"12 ms"</c>,
/// an object, an array, a bool) is an <c>invalid_value</c> as well (<see cref="TypeRules"/>); JSON <c>null</c> and an
/// empty string mean "absent". Immutable; thread-safe.</para>
/// </remarks>
internal static class ValueRanges
{
    /// <summary>Inclusive bounds of the numeric fields, indexed by <c>field - JsonField.Status</c>.</summary>
    private static readonly Bound[] Bounds = Build();

    /// <summary>
    /// The first of <paramref name="fields"/> that holds an implausible value, with the message fragment
    /// (<c>durationMs: 3.2E+225 is outside the plausible range 0..86400000 ms</c>); null when all are plausible or absent.
    /// </summary>
    public static string? FindImplausible(RecordScratch s, ReadOnlySpan<JsonField> fields)
    {
        foreach (var field in fields)
        {
            var value = s.Number(field);
            if (double.IsNaN(value))
            {
                if (s.Problem(field) is { } problem)
                {
                    return problem; // present but unreadable: out of range, or of the wrong type
                }

                continue;
            }

            if (!IsPlausible(field, value))
            {
                var bound = Bounds[field - JsonField.Status];
                return $"{bound.Key}: {value.ToString("R", CultureInfo.InvariantCulture)} is outside the plausible range {Describe(bound)}";
            }
        }

        return null;
    }

    /// <summary>
    /// The message for a present value of a numeric field that cannot be read as a finite number: out of the range when
    /// its text is a number anyway (400 digits, <c>1e400</c>, <c>"NaN"</c>), else of the wrong type (<c>"abc"</c>,
    /// <c>{}</c>, <c>[5]</c>, <c>true</c>), naming <paramref name="key"/> and what was <paramref name="found"/>.
    /// </summary>
    public static string Unreadable(JsonField field, ReadOnlySpan<byte> key, string raw, string found)
    {
        var bound = Bounds[field - JsonField.Status];
        return LooksNumeric(raw)
            ? $"{bound.Key}: {raw} is not a finite number in the plausible range {Describe(bound)}"
            : TypeRules.WrongType(key, TypeRules.Number, found);
    }

    /// <summary>Whether <paramref name="value"/> is inside the plausible range of <paramref name="field"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // once per numeric field of every record (perf: 0.9 % of an AOAI run as calls)
    public static bool IsPlausible(JsonField field, double value)
    {
        ref readonly var bound = ref Bounds[field - JsonField.Status]; // by reference: the copy of its string-holding struct showed in profiles
        if (field == JsonField.Status && value == 0)
        {
            return true; // "no response"
        }

        return value >= bound.Min && value <= bound.Max && (!bound.Integer || value == Math.Floor(value));
    }

    /// <summary>The bounds as text, for messages and the README table test.</summary>
    public static string Describe(JsonField field) => Describe(Bounds[field - JsonField.Status]);

    private static string Describe(Bound b) =>
        string.Create(CultureInfo.InvariantCulture, $"{b.Min}..{b.Max}{(b.Integer ? " (integer)" : "")}{(b.Unit.Length > 0 ? " " + b.Unit : "")}");

    /// <summary>
    /// Whether the raw text of an unreadable number is nevertheless a number (so it is out of range, not absent):
    /// digits with sign, point and exponent, or NaN / Infinity in any case.
    /// </summary>
    private static bool LooksNumeric(string? raw)
    {
        var text = (raw ?? string.Empty).Trim('"').Trim();
        if (text.Length == 0)
        {
            return false;
        }

        var unsigned = text.TrimStart('-', '+');
        if (unsigned.Equals("NaN", StringComparison.OrdinalIgnoreCase)
            || unsigned.StartsWith("Inf", StringComparison.OrdinalIgnoreCase)
            || unsigned == "∞")
        {
            return true;
        }

        var digits = false;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                digits = true;
            }
            else if (c is not ('+' or '-' or '.' or 'e' or 'E'))
            {
                return false;
            }
        }

        return digits;
    }

    private static Bound[] Build()
    {
        const double Day = 86_400_000;
        var bounds = new Bound[JsonField.End - JsonField.Status];
        Set(JsonField.Status, "status", 100, 599, true, "");
        Set(JsonField.DurationMs, "durationMs", 0, Day, false, "ms");
        Set(JsonField.RequestTicks, "requestTime", 0, long.MaxValue, true, "ticks");
        Set(JsonField.ResponseTicks, "responseTime", 0, long.MaxValue, true, "ticks");
        Set(JsonField.PromptTokens, "prompt_tokens", 0, 1e8, true, "tokens");
        Set(JsonField.CompletionTokens, "completion_tokens", 0, 1e8, true, "tokens");
        Set(JsonField.TotalTokens, "tokens_used", 0, 2e8, true, "tokens");
        Set(JsonField.TtftMs, "ttft_ms", 0, Day, false, "ms");
        Set(JsonField.QueueMs, "queue_ms", 0, Day, false, "ms");
        Set(JsonField.Count, "count", 0, 1e15, false, "");
        Set(JsonField.Total, "total", -1e18, 1e18, false, "");
        Set(JsonField.Minimum, "minimum", -1e18, 1e18, false, "");
        Set(JsonField.Maximum, "maximum", -1e18, 1e18, false, "");
        Set(JsonField.Average, "average", -1e18, 1e18, false, "");
        Set(JsonField.EvaluationScore, "gen_ai.evaluation.score.value", -1e6, 1e6, false, "");
        Set(JsonField.FeedbackScore, "user_feedback", -1e6, 1e6, false, "");
        Set(JsonField.Success, "Success", 0, 1, true, "");
        Set(JsonField.ResponseLength, "responseLength", 0, 1e10, true, "bytes"); // 10 GB: no single model response
        Set(JsonField.HttpStatus, "properties.httpStatusCode", 100, 599, true, ""); // Key Vault AuditEvent
        return bounds;

        void Set(JsonField field, string key, double min, double max, bool integer, string unit) =>
            bounds[field - JsonField.Status] = new Bound(key, min, max, integer, unit);
    }

    /// <summary>One field's plausible range.</summary>
    private readonly record struct Bound(string Key, double Min, double Max, bool Integer, string Unit);
}
