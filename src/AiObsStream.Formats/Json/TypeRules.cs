using System.Text;
using System.Text.Json;

namespace AiObsStream.Formats.Json;

/// <summary>
/// Which JSON types each captured field accepts, and the messages for a value of the wrong type (issue #10 §7).
/// </summary>
/// <remarks>
/// <para>A value of the wrong type is corruption, not absence: <c>"durationMs":"abc"</c>, <c>{}</c>, <c>[[5]]</c> or
/// <c>true</c> make the record an <c>invalid_value</c> dead letter naming the key, the type found and the type
/// expected, wherever the record kind uses the field. What real exports legitimately send stays accepted: numbers as
/// JSON strings (<c>"182"</c>, <c>"1.5e3"</c>, App Insights <c>Properties</c> are all strings); JSON <c>null</c> and an
/// empty (or blank) string mean "absent" for every field.</para>
/// <para>Text fields that name or identify a record kind or a series (category, Type, metricName, resource, operation,
/// deployment, model, model version, host, service, evaluation name and label) must be strings. Identifiers used only
/// for de-duplication (correlationId, OperationId, Id, request_id) and resultType keep accepting a number or a bool as
/// their text. Immutable; thread-safe.</para>
/// </remarks>
internal static class TypeRules
{
    /// <summary>What a number field accepts, for messages.</summary>
    public const string Number = "a number or a string holding one";

    /// <summary>What a bool field accepts, for messages.</summary>
    public const string Bool = "a bool (true/false, \"True\"/\"False\" or 0/1)";

    /// <summary>What a ticks field accepts, for messages.</summary>
    public const string Ticks = "an integer number of .NET ticks (or a string holding one)";

    /// <summary>What a text field that names or identifies something accepts, for messages.</summary>
    public const string Text = "a string";

    /// <summary>What <c>properties</c> accepts, for messages.</summary>
    public const string Properties = "an object or a string holding a JSON object";

    private const int MaxExcerptBytes = 64;

    /// <summary>Whether a text field must be a JSON string (it names or identifies the record kind or a series).</summary>
    public static bool IsStrictText(JsonField field) => field is JsonField.Category or JsonField.Type
        or JsonField.Resource or JsonField.OperationName or JsonField.Name or JsonField.Deployment
        or JsonField.ModelName or JsonField.ModelVersion or JsonField.MetricName or JsonField.EvaluationName
        or JsonField.EvaluationLabel or JsonField.Host or JsonField.Service or JsonField.CallerIp or JsonField.ObjectId
        or JsonField.Target or JsonField.DependencyType
        or JsonField.AppId or JsonField.Upn;

    /// <summary>Whether a string value is empty or blank, which means "absent" for every field.</summary>
    public static bool IsBlank(ReadOnlySpan<byte> content) => content.Trim(" \t\r\n"u8).IsEmpty;

    /// <summary>The message for a value of <paramref name="key"/> whose type is not <paramref name="expected"/>.</summary>
    public static string WrongType(ReadOnlySpan<byte> key, string expected, string found) =>
        Encoding.UTF8.GetString(key[..Math.Min(key.Length, MaxExcerptBytes)]) + ": expected " + expected + ", found " + found;

    /// <summary>What the reader is on, for a message: <c>a string "abc"</c>, <c>a number 5</c>, <c>a bool true</c>, <c>an array</c>.</summary>
    public static string Found(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string " + JsonScalars.Excerpt(ref reader),
        JsonTokenType.Number => "a number " + JsonScalars.Excerpt(ref reader),
        JsonTokenType.True or JsonTokenType.False => "a bool " + JsonScalars.Excerpt(ref reader),
        _ => JsonScalars.Describe(reader.TokenType),
    };
}
