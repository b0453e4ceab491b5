namespace AiObsStream.Formats.Tests.Fuzz;

/// <summary>A corpus of clean units, the parser paths that read them, and the recipes to apply.</summary>
/// <param name="Name">The family (shown in reports and matched by <see cref="KnownOpenDefects"/>).</param>
/// <param name="Targets">Parser paths by name (e.g. fast and exact JSON paths must both hold).</param>
/// <param name="Units">The clean units, in order.</param>
/// <param name="Recipes">The mutations, applied round-robin.</param>
/// <param name="Seed">First seed; case i uses Seed + i.</param>
/// <param name="Cases">How many mutated runs.</param>
internal sealed record FuzzFamily(string Name, (string Name, FuzzTarget Target)[] Targets, List<byte[]> Units,
    List<FuzzRecipe> Recipes, int Seed, int Cases)
{
    public override string ToString() => Name;

    public static FuzzFamily Get(string name) => name switch
    {
        "aoai-requestresponse" => Json(name, FuzzCorpus.AoaiBodies(), 1000, new JsonRecipes
        {
            Numbers = ["durationMs"],
            Strings = ["correlationId", "operationName", "time", "category", "resultSignature", "properties"],
            Required = ["time", "category"],
            Unused = "callerIpAddress",
            Any = ["resultSignature", "durationMs", "properties"],
        }),
        "aoai-audit" => Json(name, FuzzCorpus.AuditBodies(), 2000, new JsonRecipes
        {
            Numbers = [],
            Strings = ["operationName", "time", "category"],
            Required = ["time", "category"],
            Unused = "AssetIdentity",
            Any = ["operationName", "resourceId"],
        }),
        "appinsights" => Json(name, FuzzCorpus.AppInsightsBodies(), 3000, new JsonRecipes
        {
            Numbers = ["DurationMs"],
            StringNumbers = ["ttft_ms", "tokens.prompt", "tokens.completion", "queue_ms"],
            Strings = ["OperationId", "Id", "time", "Type", "deployment", "model_version"],
            Required = ["time", "Type"],
            Unused = "AppRoleInstance",
            Any = ["Success", "ResultCode", "Properties", "DurationMs"],
        }),
        "allmetrics" => Json(name, FuzzCorpus.AllMetricsBodies(), 4000, new JsonRecipes
        {
            Numbers = ["count", "total", "minimum", "maximum"],
            Strings = ["metricName", "time"],
            Required = ["time", "metricName"],
            Unused = "timeGrain",
            Any = ["count", "average", "minimum", "maximum", "resourceId", "total"],
        }),
        "structured-log" => new(name, [("fast", FuzzTargets.StructuredLog(true)), ("exact", FuzzTargets.StructuredLog(false))],
            FuzzCorpus.LogLines(), new JsonRecipes
            {
                Numbers = ["latency_ms", "ttft_ms", "queue_ms", "prompt_tokens", "completion_tokens", "status"],
                Strings = ["request_id", "deployment", "model_version", "timestamp"],
                Required = ["timestamp"],
                Unused = "level",
                Any = ["status", "latency_ms", "ttft_ms", "tokens_used", "deployment"],
            }.Build(), 5000, 300),
        "dcgm-file-lines" => new(name, [("lines", FuzzTargets.PrometheusLines())], FuzzCorpus.DcgmLines(),
            PromRecipes.Build(openMetrics: false, timestamps: true, f => f), 6000, 300),
        "dcgm-scrape-0.0.4" => new(name, [("exposition", FuzzTargets.PrometheusExpositions())], FuzzCorpus.ScrapeExpositions(),
            PromRecipes.Build(openMetrics: false, timestamps: false, PromRecipes.OnSampleLine), 7000, 150),
        "dcgm-openmetrics" => new(name, [("exposition", FuzzTargets.PrometheusExpositions())], FuzzCorpus.OpenMetricsExpositions(),
            PromRecipes.Build(openMetrics: true, timestamps: true, PromRecipes.OnSampleLine), 8000, 150),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such fuzz family"),
    };

    public static readonly string[] Names =
    [
        "aoai-requestresponse", "aoai-audit", "appinsights", "allmetrics", "structured-log",
        "dcgm-file-lines", "dcgm-scrape-0.0.4", "dcgm-openmetrics",
    ];

    private static FuzzFamily Json(string name, List<byte[]> units, int seed, JsonRecipes recipes) =>
        new(name, [("fast", FuzzTargets.EventHubs(true)), ("exact", FuzzTargets.EventHubs(false))], units, recipes.Build(), seed, 200);
}
