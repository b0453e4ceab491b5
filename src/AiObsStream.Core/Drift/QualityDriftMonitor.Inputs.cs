using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;
using AiObsStream.Core.Sketches;

namespace AiObsStream.Core.Drift;

/// <content>Turns one window's rows into one distribution per (source, deployment, signal, version).</content>
public sealed partial class QualityDriftMonitor
{
    // Reused from window to window (cleared, never shrunk), as is the list CollectInputs returns: read it before the next call.
    private readonly List<WindowInput> _inputs = [];
    private readonly Dictionary<((TelemetrySource, string, string), string), int> _inputIndex = [];
    private readonly Dictionary<SeriesDims, long> _requests = [];

    private readonly record struct WindowInput(
        (TelemetrySource Source, string Deployment, string Signal) Key, string Version, SeriesDims Dims, DDSketch Sketch);

    /// <summary>
    /// Merges the window's sketches per (source, deployment, signal, version) across operations and hosts, in the
    /// order rows arrive (deterministic: rows are sorted). Error shares become 0/1 sketches from the requests and
    /// errors counts of each series.
    /// </summary>
    private List<WindowInput> CollectInputs(IReadOnlyList<MetricRow> rows, long start)
    {
        var inputs = _inputs;
        var index = _inputIndex;
        inputs.Clear();
        index.Clear();
        Dictionary<SeriesDims, long>? requests = null;
        if (_options.ErrorShare)
        {
            requests = _requests;
            requests.Clear();
            foreach (var row in rows)
            {
                if (row.WindowStartMs == start && row.IsOnTime && row.Metric == MetricNames.Requests)
                {
                    requests[row.Dims] = row.Count;
                }
            }
        }

        foreach (var row in rows)
        {
            if (row.WindowStartMs != start || !row.IsOnTime || row.Dims.Deployment.Length == 0)
            {
                continue;
            }

            DDSketch? sketch = null;
            var signal = row.Metric;
            if (row.Metric == MetricNames.Errors && requests is not null
                && requests.TryGetValue(row.Dims, out var n) && n > 0)
            {
                signal = QualityDriftOptions.ErrorShareSignal;
                sketch = new DDSketch();
                var errors = Math.Clamp(row.Count, 0, n);
                sketch.Add(1, errors);
                sketch.Add(0, n - errors);
            }
            else if (row.Sketch is { IsEmpty: false } attached && Selected(row.Metric))
            {
                sketch = attached;
            }

            if (sketch is null)
            {
                continue;
            }

            var key = ((row.Dims.Source, row.Dims.Deployment, signal), row.ModelVersion);
            if (index.TryGetValue(key, out var at))
            {
                inputs[at].Sketch.MergeWith(sketch);
            }
            else
            {
                index[key] = inputs.Count;
                var own = sketch;
                if (ReferenceEquals(sketch, row.Sketch))
                {
                    // the row's sketch is shared with other readers; an error-share sketch was made here for this input
                    own = new DDSketch(sketch.RelativeAccuracy, sketch.MaxBins);
                    own.MergeWith(sketch);
                }

                inputs.Add(new WindowInput(key.Item1, row.ModelVersion, row.Dims, own));
            }
        }

        return inputs;
    }

    private bool Selected(string metric)
    {
        foreach (var m in _options.RequestMetrics)
        {
            if (m == metric)
            {
                return true;
            }
        }

        return _options.Evaluations && !DriftSketchSet.IsFixed(metric);
    }
}
