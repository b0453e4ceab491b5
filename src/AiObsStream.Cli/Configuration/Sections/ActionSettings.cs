namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>One item of <c>actions</c> (README "Automated responses").</summary>
internal sealed class ActionSettings
{
    /// <summary>Unique name (part of the idempotency key).</summary>
    public string? Name { get; set; }

    /// <summary>What triggers it.</summary>
    public ActionOnSettings? On { get; set; }

    /// <summary><c>webhook</c> (default), <c>logicapp</c> or <c>pipeline</c>.</summary>
    public string? Kind { get; set; }

    /// <summary>The receiver (http or https).</summary>
    public string? Url { get; set; }

    /// <summary><c>rollback-previous-version</c>, <c>scale-out</c>, <c>fallback-pipeline</c> or <c>custom</c> (default).</summary>
    public string? Payload { get; set; }

    /// <summary>Decide and record only (default true).</summary>
    public bool? DryRun { get; set; }

    /// <summary>Most decisions per hour.</summary>
    public ActionRateLimitSettings? RateLimit { get; set; }

    /// <summary>Least time between two decisions on the same deployment (duration).</summary>
    public string? Cooldown { get; set; }
}

/// <summary>The <c>on</c> object of an action: every matcher given must match.</summary>
internal sealed class ActionOnSettings
{
    /// <summary>Incident cause (wire name, e.g. <c>version-regression</c>).</summary>
    public string? Cause { get; set; }

    /// <summary>Rule matcher (exact or prefix*).</summary>
    public string? Rule { get; set; }

    /// <summary>Lowest severity (warning or critical).</summary>
    public string? Severity { get; set; }

    /// <summary>Deployment matcher (exact or prefix*).</summary>
    public string? Deployment { get; set; }

    /// <summary><c>firing</c> (default) or <c>open</c>.</summary>
    public string? Status { get; set; }
}

/// <summary>The <c>rateLimit</c> object of an action.</summary>
internal sealed class ActionRateLimitSettings
{
    /// <summary>Most decisions (sent or dry-run) in any hour (whole number ≥ 1).</summary>
    public double? PerHour { get; set; }
}
