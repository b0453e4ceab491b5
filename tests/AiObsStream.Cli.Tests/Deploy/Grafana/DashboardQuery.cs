namespace AiObsStream.Cli.Tests.Deploy.Grafana;

/// <summary>The query languages a dashboard holds.</summary>
internal enum QueryLanguage
{
    /// <summary>Azure Monitor Logs (Log Analytics).</summary>
    Kql,

    /// <summary>Prometheus.</summary>
    PromQl,
}

/// <summary>One query of a dashboard: a panel target's or a template variable's.</summary>
/// <param name="Where">The panel title or variable name, for messages.</param>
/// <param name="Language">Its language.</param>
/// <param name="Text">The query text.</param>
internal sealed record DashboardQuery(string Where, QueryLanguage Language, string Text);
