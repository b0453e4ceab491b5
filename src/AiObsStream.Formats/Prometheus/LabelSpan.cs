namespace AiObsStream.Formats.Prometheus;

/// <summary>One parsed label: where its name and its unescaped value lie in the parser's scratch buffer.</summary>
/// <param name="NameStart">Offset of the name.</param>
/// <param name="NameLength">Length of the name in bytes.</param>
/// <param name="ValueStart">Offset of the unescaped value.</param>
/// <param name="ValueLength">Length of the unescaped value in bytes.</param>
internal readonly record struct LabelSpan(int NameStart, int NameLength, int ValueStart, int ValueLength);
