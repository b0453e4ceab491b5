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
        if (!_negative.IsEmpty)
        {
            var counts = _negative.HeldCounts;
            for (var i = counts.Length - 1; i >= 0; i--)
            {
                if (counts[i] != 0)
                {
                    output.Add((-_mapping.Value(_negative.MinIndex + i), counts[i]));
                }
            }
        }

        if (_zeroCount != 0)
        {
            output.Add((0, _zeroCount));
        }

        if (!_positive.IsEmpty)
        {
            var counts = _positive.HeldCounts;
            for (var i = 0; i < counts.Length; i++)
            {
                if (counts[i] != 0)
                {
                    output.Add((_mapping.Value(_positive.MinIndex + i), counts[i]));
                }
            }
        }
    }
}
