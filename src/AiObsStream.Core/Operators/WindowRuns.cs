using AiObsStream.Core.Aggregation;

namespace AiObsStream.Core.Operators;

/// <summary>
/// Feeds rows sorted by window start to a per-window callback, one run of a window at a time, through one reused list
/// (no per-window allocation).
/// </summary>
internal sealed class WindowRuns
{
    private readonly List<MetricRow> _window = [];

    /// <summary>
    /// Calls <paramref name="evaluate"/> once per window (ascending) with that window's rows accepted by
    /// <paramref name="accept"/> (the list is reused: do not keep it).
    /// </summary>
    public void ForEach<TState>(IReadOnlyList<MetricRow> sortedRows, Func<MetricRow, bool> accept, TState state,
        Action<TState, long, List<MetricRow>> evaluate)
    {
        _window.Clear();
        for (var i = 0; i < sortedRows.Count; i++)
        {
            var row = sortedRows[i];
            if (!accept(row))
            {
                continue;
            }

            if (_window.Count > 0 && _window[0].WindowStartMs != row.WindowStartMs)
            {
                evaluate(state, _window[0].WindowStartMs, _window);
                _window.Clear();
            }

            _window.Add(row);
        }

        if (_window.Count > 0)
        {
            evaluate(state, _window[0].WindowStartMs, _window);
            _window.Clear();
        }
    }
}
