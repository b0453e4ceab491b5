namespace AiObsStream.Core.Sketches;

/// <content>Enumeration of the sketch's bins in ascending value order (for distribution comparisons).</content>
public sealed partial class DDSketch
{
    /// <summary>
    /// Appends every non-empty bin as (representative value, count) in ascending value order: negative bins, the zero
    /// bin, then positive bins. Two sketches of the same relative accuracy give bit-identical values for the same bin,
    /// so their lists can be merged by value.
    /// </summary>
    /// <remarks>
    /// Representatives are not clamped to [Min, Max] (clamping would make equal bins of two sketches differ). Cost: one
    /// pass over the held bins; the caller owns <paramref name="output"/> and may reuse it.
    /// </remarks>
    internal void AppendBins(List<(double Value, long Count)> output)
    {
        if (!NegativeView.IsEmpty)
        {
            // Ascending magnitudes are descending values: append, then reverse the appended run.
            var start = output.Count;
            foreach (var (index, count) in NegativeView.GetBins())
            {
                output.Add((-_mapping.Value(index), count));
            }

            output.Reverse(start, output.Count - start);
        }

        if (_zeroCount != 0)
        {
            output.Add((0, _zeroCount));
        }

        if (!_positive.IsEmpty)
        {
            foreach (var (index, count) in _positive.GetBins())
            {
                output.Add((_mapping.Value(index), count));
            }
        }
    }

    /// <summary>Turns both stores dense (same bins and counts): tests compare every answer of both representations.</summary>
    internal void ToDense()
    {
        _positive.ToDense();
        _negativeStore?.ToDense();
    }
}
