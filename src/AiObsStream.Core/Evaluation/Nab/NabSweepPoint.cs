namespace AiObsStream.Core.Evaluation.Nab;

/// <summary>One scored row ready for the threshold sweep (NAB's <c>AnomalyPoint</c>, probationary rows excluded).</summary>
/// <param name="AnomalyScore">The detector's score for the row.</param>
/// <param name="SweepScore">What the row contributes if it is a detection: the weighted TP reward inside a window,
/// the weighted (negative) FP cost outside.</param>
/// <param name="WindowId">Corpus-wide window id, or −1 outside any window.</param>
/// <param name="Order">Position in the concatenated corpus (file order, then row order); breaks score ties as
/// Python's stable sort does.</param>
internal readonly record struct NabSweepPoint(double AnomalyScore, double SweepScore, int WindowId, int Order);
