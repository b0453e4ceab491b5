using System.Runtime.InteropServices;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;

namespace AiObsStream.Core.Cost;

/// <content>
/// GPU rows without the input sort: a GPU series contributes "this GPU sent a sample in the window" and its model version,
/// and <see cref="Price"/> visits GPU series in (host, GPU) order whatever order they were added in, so their rows need no
/// ordering. What the sorted input decided for them is which row's model version a series keeps when its rows of one
/// window and kind disagree (the last in <see cref="CostInputOrder"/>); a tick where they disagree takes the sorted path.
/// </content>
public sealed partial class CostDeriver
{
    private readonly List<MetricRow> _gpuInput = [];

    /// <summary>The model version of each (window, final or not, series) among the tick's GPU rows.</summary>
    private readonly Dictionary<(long WindowStartMs, bool Final, SeriesDims Dims), string> _gpuVersions = [];

    /// <summary>
    /// Whether every GPU row of the tick carries the version of the other rows of its window, kind class (live or final)
    /// and series: then the version a series keeps does not depend on their order. One lookup per run of rows of a
    /// series (the aggregator emits a series' rows together).
    /// </summary>
    private bool GpuVersionsAgree()
    {
        _gpuVersions.Clear();
        MetricRow? head = null;
        foreach (var row in _gpuInput)
        {
            if (head is not null && SameRun(head, row))
            {
                if (!string.Equals(row.ModelVersion, head.ModelVersion, StringComparison.Ordinal))
                {
                    return false;
                }

                continue;
            }

            // A final row that is also the on-time one (MetricRow.AlsoOnTime) stands in the live class too, but no other row
            // of its series and window can be there: checked in the final class, it is checked for both.
            head = row;
            ref var version = ref CollectionsMarshal.GetValueRefOrAddDefault(
                _gpuVersions, (row.WindowStartMs, row.Kind == RowKind.Final, row.Dims), out var seen);
            if (seen && !string.Equals(version, row.ModelVersion, StringComparison.Ordinal))
            {
                return false;
            }

            version = row.ModelVersion;
        }

        return true;
    }

    /// <summary>Marks the GPU series of the tick's live (<paramref name="final"/> false) or final GPU rows in their windows.</summary>
    /// <returns>Whether a live window was touched.</returns>
    private bool ApplyGpuRows(bool final, SortedDictionary<long, CostWindow> windows)
    {
        var touched = false;
        MetricRow? head = null;
        foreach (var row in _gpuInput)
        {
            var takes = final ? row.Kind == RowKind.Final : row.Kind != RowKind.Final || row.AlsoOnTime;
            if (!takes || (head is not null && SameRun(head, row)))
            {
                continue; // a run's rows carry one version (checked): the first row stands for the run
            }

            head = row;
            if (!windows.TryGetValue(row.WindowStartMs, out var window))
            {
                windows[row.WindowStartMs] = window = new CostWindow(row.WindowStartMs, row.WindowEndMs);
            }

            if (!final && (_touched.Count == 0 || _touched[^1] != row.WindowStartMs))
            {
                _touched.Add(row.WindowStartMs);
                touched = true;
            }

            Apply(ref CollectionsMarshal.GetValueRefOrAddDefault(window.Series, row.Dims, out _), row);
        }

        return touched;
    }

    private static bool SameRun(MetricRow head, MetricRow row) =>
        ReferenceEquals(head.Dims, row.Dims) && head.WindowStartMs == row.WindowStartMs && (head.Kind == RowKind.Final) == (row.Kind == RowKind.Final);

    /// <summary>Puts the live windows touched in ascending order, once each, as the sorted input gave them.</summary>
    private void OrderTouched()
    {
        _touched.Sort();
        var n = 0;
        for (var i = 0; i < _touched.Count; i++)
        {
            if (n == 0 || _touched[n - 1] != _touched[i])
            {
                _touched[n++] = _touched[i];
            }
        }

        _touched.RemoveRange(n, _touched.Count - n);
    }
}
