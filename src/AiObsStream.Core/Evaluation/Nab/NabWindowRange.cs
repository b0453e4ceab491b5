namespace AiObsStream.Core.Evaluation.Nab;

/// <summary>A window resolved to row indices the way NAB's sweeper walks the rows.</summary>
/// <param name="StartIndex">The row at which the window is entered (its start timestamp, reached in row order).</param>
/// <param name="EndIndex">The first row holding the window's end timestamp (NAB's <c>timestamps.index(end)</c>).</param>
/// <param name="Width">NAB's window width: <c>EndIndex − firstIndexOf(start) + 1</c> rows.</param>
public readonly record struct NabWindowRange(int StartIndex, int EndIndex, int Width);
