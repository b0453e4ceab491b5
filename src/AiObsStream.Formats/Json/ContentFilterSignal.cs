using System.Text;
using AiObsStream.Core.Events;

namespace AiObsStream.Formats.Json;

/// <summary>
/// Reads the content-filter outcome of a call from its codes (never from content): the error code of a rejected prompt
/// and the finish reasons of a completion.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A prompt the filter rejects is answered HTTP 400 with body <c>{"error":{"code":"content_filter","status":400,...}}</c>
/// (Microsoft Learn, "Azure OpenAI content filtering": "Prompts that are deemed inappropriate return an HTTP 400 error").
/// OpenTelemetry GenAI spans carry it as <c>error.type</c> ("SHOULD match the error code returned by the Generative AI
/// provider"), App Insights exports span attributes into <c>Properties</c> as strings.</item>
/// <item>A completion the filter cuts is answered HTTP 200 with <c>finish_reason</c> <c>content_filter</c> (same page);
/// OpenTelemetry's <c>gen_ai.response.finish_reasons</c> is a string array, which reaches App Insights as text: one
/// reason, a comma-separated list or a JSON array in a string are all read (token by token).</item>
/// <item>The Azure OpenAI RequestResponse diagnostic log carries neither (its <c>properties</c> hold apiName, times,
/// lengths, objectId, streamType and the model fields): a 400 there cannot be told from any other bad request.</item>
/// </list>
/// Values are matched whole and ASCII-case-insensitively; <c>content-filter</c> (the spelling some SDKs normalize to) is
/// accepted too. Anything else, including text that merely contains the word, is no signal.
/// </remarks>
internal static class ContentFilterSignal
{
    /// <summary>The content-filter outcome of a call, as the metric it counts in, or null when neither code names the filter.</summary>
    /// <param name="errorType">The call's error code (<c>error.type</c>, <c>error_code</c>); empty when absent.</param>
    /// <param name="finishReasons">The call's finish reason(s); empty when absent.</param>
    /// <returns><see cref="MetricNames.ContentFilterPrompt"/>, <see cref="MetricNames.ContentFilterCompletion"/> or null.</returns>
    public static string? Of(ReadOnlySpan<byte> errorType, ReadOnlySpan<byte> finishReasons)
    {
        if (IsFilter(errorType.Trim(" \t\"'"u8)))
        {
            return MetricNames.ContentFilterPrompt;
        }

        // Tokens are runs of letters, digits, '_' and '-': "stop,content_filter" and "[\"content_filter\"]" both match.
        var rest = finishReasons;
        while (!rest.IsEmpty)
        {
            var start = 0;
            while (start < rest.Length && !IsTokenByte(rest[start]))
            {
                start++;
            }

            var end = start;
            while (end < rest.Length && IsTokenByte(rest[end]))
            {
                end++;
            }

            if (end > start && IsFilter(rest[start..end]))
            {
                return MetricNames.ContentFilterCompletion;
            }

            rest = rest[end..];
        }

        return null;
    }

    private static bool IsFilter(ReadOnlySpan<byte> token) =>
        Ascii.EqualsIgnoreCase(token, "content_filter"u8) || Ascii.EqualsIgnoreCase(token, "content-filter"u8);

    private static bool IsTokenByte(byte b) => b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z')
        or (>= (byte)'0' and <= (byte)'9') or (byte)'_' or (byte)'-';
}
