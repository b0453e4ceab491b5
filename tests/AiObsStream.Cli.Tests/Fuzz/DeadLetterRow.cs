namespace AiObsStream.Cli.Tests.Fuzz;

/// <summary>One line of deadletter.jsonl, as the fuzz oracle reads it.</summary>
/// <param name="Input">The input's file name.</param>
/// <param name="Position">The unit's 1-based line number.</param>
/// <param name="RecordIndex">The record inside the unit, or -1 when the whole unit was rejected.</param>
/// <param name="Reason">malformed, unknown_shape, too_large, late, invalid_value.</param>
/// <param name="Message">What is wrong, specifically.</param>
internal sealed record DeadLetterRow(string Input, long Position, int RecordIndex, string Reason, string Message);
