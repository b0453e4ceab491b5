namespace AiObsStream.LogAnalytics.Internal;

/// <summary>One request body: a JSON array of rows for one stream, with its position in the delivery order.</summary>
/// <param name="Seq">Global sequence number (delivery and spool order).</param>
/// <param name="Kind">Target stream.</param>
/// <param name="Json">The uncompressed UTF-8 JSON array.</param>
/// <param name="Rows">Number of array elements.</param>
internal sealed record PayloadBatch(long Seq, StreamKind Kind, byte[] Json, int Rows);
