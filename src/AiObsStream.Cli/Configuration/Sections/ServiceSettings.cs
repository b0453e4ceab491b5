namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>The <c>service</c> section: the metrics and health listener of the long-running modes (README "Operating it").</summary>
internal sealed class ServiceSettings
{
    /// <summary>
    /// <c>HOST:PORT</c> of the <c>/metrics</c>, <c>/healthz</c>, <c>/readyz</c> listener, or <c>none</c>. Default: 127.0.0.1:9464
    /// for scrape and Kafka runs, none for a file replay. <c>--listen</c> wins.
    /// </summary>
    public string? Listen { get; set; }

    /// <summary>Most messages behind the partitions' ends that <c>/readyz</c> still calls caught up (default 10000).</summary>
    public double? ReadyMaxLag { get; set; }
}
