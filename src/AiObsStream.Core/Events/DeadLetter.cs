namespace AiObsStream.Core.Events;

/// <summary>A rejected input kept for inspection and re-drive: where it came from, why, and a truncated copy.</summary>
/// <param name="Input">The input name (file path, URL, topic/partition).</param>
/// <param name="Position">Line number (1-based) or message offset inside the input.</param>
/// <param name="Reason">The counted reason.</param>
/// <param name="Message">A specific description of the problem.</param>
/// <param name="RecordIndex">Index of the rejected record inside its unit, or -1 for the whole unit.</param>
/// <param name="Excerpt">The first bytes of the rejected unit (never more than the configured excerpt size).</param>
/// <param name="Bytes">Size of the rejected unit in bytes.</param>
public sealed record DeadLetter(
    string Input,
    long Position,
    RejectReason Reason,
    string Message,
    int RecordIndex,
    string Excerpt,
    long Bytes);
