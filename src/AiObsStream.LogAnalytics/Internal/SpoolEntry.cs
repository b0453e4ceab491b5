namespace AiObsStream.LogAnalytics.Internal;

/// <summary>One spooled batch on disk (<c>{seq:D19}-{m|a}-{rows}.json.gz</c>).</summary>
internal sealed record SpoolEntry(long Seq, StreamKind Kind, int Rows, long Bytes, string Path);
