namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>The <c>actions</c> list at the root of the file (automated responses; none by default).</summary>
internal sealed class ActionsSettings
{
    /// <summary>The actions, in file order.</summary>
    public List<ActionSettings>? Actions { get; set; }
}
