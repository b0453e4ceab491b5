namespace AiObsStream.TestKit.Fuzz;

/// <summary>Where one <c>"key": value</c> lies in a unit: the key's opening quote and the value's extent.</summary>
/// <param name="KeyStart">Offset of the key's opening quote.</param>
/// <param name="ValueStart">Offset of the value's first byte.</param>
/// <param name="ValueEnd">Offset just past the value.</param>
internal readonly record struct JsonFieldSpan(int KeyStart, int ValueStart, int ValueEnd)
{
    public bool IsString(ReadOnlySpan<byte> json) => json[ValueStart] == (byte)'"' && ValueEnd - ValueStart >= 2;
}
