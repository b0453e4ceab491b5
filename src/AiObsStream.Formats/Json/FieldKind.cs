namespace AiObsStream.Formats.Json;

/// <summary>How the value of a recognised key is read.</summary>
internal enum FieldKind : byte
{
    /// <summary>A string (or the raw text of a number / bool) captured as UTF-8.</summary>
    Text = 0,

    /// <summary>A number, or a string holding a number.</summary>
    Number = 1,

    /// <summary>An integer (.NET ticks), or a string holding one; kept exact as a long.</summary>
    Ticks = 2,

    /// <summary>A bool, or a string "true"/"false".</summary>
    Bool = 3,

    /// <summary>A nested object, or a JSON-encoded string holding one (<c>properties</c>).</summary>
    Nested = 4,

    /// <summary>An ISO-8601 timestamp string, or a number of Unix seconds/milliseconds.</summary>
    Time = 5,
}
