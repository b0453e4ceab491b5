namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>The <c>costTags</c> section: Team / Project of cost rows.</summary>
internal sealed class CostTagsSettings
{
    /// <summary>Tags by deployment.</summary>
    public Dictionary<string, CostTagSettings>? Deployments { get; set; }

    /// <summary>Tags by resource id.</summary>
    public Dictionary<string, CostTagSettings>? Resources { get; set; }

    /// <summary>Tag of everything else.</summary>
    public CostTagSettings? Default { get; set; }
}
