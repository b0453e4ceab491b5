namespace AiObsStream.Core.Events;

/// <summary>A rejected unit or record: the reason, a specific human-readable message, and where in the unit.</summary>
/// <param name="Reason">The counted reason.</param>
/// <param name="Message">What is wrong, specifically (for example "records[3].time: not an ISO-8601 timestamp").</param>
/// <param name="RecordIndex">Index of the record inside the unit, or -1 when the whole unit is rejected.</param>
/// <param name="ByteOffset">Byte offset inside the unit where the problem was found, or -1.</param>
public readonly record struct ParseError(RejectReason Reason, string Message, int RecordIndex = -1, long ByteOffset = -1);
