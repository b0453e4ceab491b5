namespace AiObsStream.Core.Actions;

/// <summary>How an action is called (wire names in <see cref="ActionNames"/>). Every kind is one HTTP POST.</summary>
public enum ActionKind
{
    /// <summary><c>webhook</c>: the action envelope to any http(s) receiver.</summary>
    Webhook = 0,

    /// <summary><c>logicapp</c>: the action envelope to an Azure Logic App HTTP trigger (https; its URL carries a SAS signature, never shown).</summary>
    LogicApp = 1,

    /// <summary><c>pipeline</c>: a flat object of string parameters, the body a pipeline run takes (Data Factory / Synapse <c>createRun</c>).</summary>
    Pipeline = 2,
}
