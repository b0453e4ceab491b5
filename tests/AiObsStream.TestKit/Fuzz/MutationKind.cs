namespace AiObsStream.TestKit.Fuzz;

/// <summary>The families of hostile input the mutation fuzz tests apply to one unit (issue #10 §7).</summary>
public enum MutationKind
{
    /// <summary>One bit of one byte flipped (outside the unit's traced id).</summary>
    BitFlip,

    /// <summary>The unit cut short at a random byte.</summary>
    Truncate,

    /// <summary>A value wrapped in (or an extra field made of) deeply nested arrays.</summary>
    DeepNesting,

    /// <summary>A numeric field replaced by a 400-digit number.</summary>
    HugeNumber,

    /// <summary>A numeric field replaced by NaN, Infinity or an out-of-range exponent.</summary>
    NonFinite,

    /// <summary>A byte sequence that is not UTF-8 inserted inside a string (or label value).</summary>
    InvalidUtf8,

    /// <summary>A raw NUL or control byte inserted inside a string (or label value).</summary>
    ControlByte,

    /// <summary>A string value replaced by a multi-megabyte string.</summary>
    HugeString,

    /// <summary>A field (or label) written twice.</summary>
    DuplicateField,

    /// <summary>A field (or label, or the sample timestamp) removed.</summary>
    RemoveField,

    /// <summary>A value replaced by one of another JSON type (number ⇄ string, scalar → object/array).</summary>
    SwapType,
}
