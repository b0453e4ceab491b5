using AiObsStream.Core.Events;

namespace AiObsStream.Core.Aggregation;

/// <summary>One open window of a partition: its series groups and whether it has fired.</summary>
internal sealed class WindowState
{
    public long Start;
    public bool Fired;
    public bool AnyDirty;
    public readonly Dictionary<SeriesDims, DimsWindowGroup> Groups = [];
}
