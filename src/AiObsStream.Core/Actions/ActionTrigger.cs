namespace AiObsStream.Core.Actions;

/// <summary>Which notifications of an incident (or alert) can trigger an action.</summary>
public enum ActionTrigger
{
    /// <summary><c>firing</c>: any notification in which it fires and matches (a cause refined later, e.g. to version-regression, still triggers).</summary>
    Firing = 0,

    /// <summary><c>open</c>: only the first notification that announces it firing.</summary>
    Open = 1,
}
