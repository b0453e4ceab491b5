namespace AiObsStream.Formats.Json;

/// <summary>What a recognised JSON key means: the field it fills, how its value is read, and its alias priority.</summary>
/// <param name="Field">The field the value fills.</param>
/// <param name="Kind">How the value is read.</param>
/// <param name="Priority">Lower wins when several aliases of one field are present in a record (0 = preferred).</param>
internal readonly record struct KeySpec(JsonField Field, FieldKind Kind, byte Priority = 0);
