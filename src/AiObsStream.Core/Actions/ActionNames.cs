namespace AiObsStream.Core.Actions;

/// <summary>Wire names (kebab case, as in the config file and actions.jsonl) of the action enums.</summary>
public static class ActionNames
{
    private static readonly string[] Kinds = ["webhook", "logicapp", "pipeline"];
    private static readonly string[] Payloads = ["rollback-previous-version", "scale-out", "fallback-pipeline", "custom"];
    private static readonly string[] Triggers = ["firing", "open"];
    private static readonly string[] Outcomes = ["dry-run", "sent", "failed", "suppressed"];

    /// <summary>Every kind name, in enum order.</summary>
    public static IReadOnlyList<string> KindNames => Kinds;

    /// <summary>Every payload name, in enum order.</summary>
    public static IReadOnlyList<string> PayloadNames => Payloads;

    /// <summary>Every trigger name, in enum order.</summary>
    public static IReadOnlyList<string> TriggerNames => Triggers;

    /// <summary>The wire name of a kind.</summary>
    public static string Name(ActionKind kind) => Kinds[(int)kind];

    /// <summary>The wire name of a payload.</summary>
    public static string Name(ActionPayload payload) => Payloads[(int)payload];

    /// <summary>The wire name of a trigger.</summary>
    public static string Name(ActionTrigger trigger) => Triggers[(int)trigger];

    /// <summary>The wire name of an outcome.</summary>
    public static string Name(ActionOutcome outcome) => Outcomes[(int)outcome];

    /// <summary>Parses a kind name (case-insensitive).</summary>
    public static bool TryParse(string text, out ActionKind kind) => TryFind(Kinds, text, out kind);

    /// <summary>Parses a payload name (case-insensitive).</summary>
    public static bool TryParse(string text, out ActionPayload payload) => TryFind(Payloads, text, out payload);

    /// <summary>Parses a trigger name (case-insensitive).</summary>
    public static bool TryParse(string text, out ActionTrigger trigger) => TryFind(Triggers, text, out trigger);

    private static bool TryFind<T>(string[] names, string text, out T value)
        where T : struct, Enum
    {
        var i = Array.FindIndex(names, n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
        value = (T)(object)Math.Max(i, 0);
        return i >= 0;
    }
}
