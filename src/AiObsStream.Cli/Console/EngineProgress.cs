using AiObsStream.Pipeline.Engine;

namespace AiObsStream.Cli.ConsoleView;

/// <summary>Snapshots of a running <see cref="StreamEngine"/> for the live view (its inputs' counters and its probe).</summary>
internal sealed class EngineProgress(StreamEngine engine)
{
    private readonly Dictionary<string, (long Total, bool IsFile)> _inputs = new(StringComparer.Ordinal);

    /// <summary>The counters now; null before the run has started.</summary>
    public ProgressSnapshot? Snapshot()
    {
        if (engine.Progress is not { } inputs)
        {
            return null;
        }

        var live = engine.Live;
        var list = new List<InputProgress>(inputs.Count);
        foreach (var i in inputs)
        {
            // An input named by an existing file is a replay; a URL or topic/partition is live. The size is read once.
            if (!_inputs.TryGetValue(i.Name, out var input))
            {
                var isFile = i.Lag < 0 && File.Exists(i.Name);
                _inputs[i.Name] = input = (isFile ? InputSize.Of(i.Name) : -1, isFile);
            }

            list.Add(new InputProgress(i.Name, !input.IsFile, i.Bytes, input.Total, i.Events, i.RejectedByReason.Sum(), i.Lag, i.Finished));
        }

        return new ProgressSnapshot(list, live?.OpenIncidents ?? 0, live?.WatermarkUnixMs);
    }
}
