namespace AiObsStream.LogAnalytics.Tests;

public sealed class LogAnalyticsOptionsValidatorTests
{
    private static LogAnalyticsOptions Valid(string endpoint) => new()
    {
        Endpoint = new Uri(endpoint),
        DcrImmutableId = "dcr-000a00a000a00000a000000aa000a0aa",
        SpoolDirectory = "spool",
    };

    [Fact]
    public void Validate_HttpsEndpoint_NoErrorsNoWarnings()
    {
        var errors = LogAnalyticsOptionsValidator.Validate(Valid("https://my-dce-5kyl.eastus-1.ingest.monitor.azure.com"), out var warnings);
        Assert.Empty(errors);
        Assert.Empty(warnings);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("http://127.4.5.6")]
    [InlineData("http://[::1]:9000")]
    [InlineData("http://localhost:5000")]
    public void Validate_HttpOnLoopback_WarnsOnly(string endpoint)
    {
        var errors = LogAnalyticsOptionsValidator.Validate(Valid(endpoint), out var warnings);
        Assert.Empty(errors);
        Assert.Contains(warnings, w => w.Contains("Endpoint (--log-analytics)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://my-dce.eastus-1.ingest.monitor.azure.com")]
    [InlineData("http://10.0.0.5")]
    [InlineData("http://128.0.0.1")]
    [InlineData("ftp://127.0.0.1")]
    public void Validate_NonHttpsElsewhere_FailsNamingEndpoint(string endpoint)
    {
        var errors = LogAnalyticsOptionsValidator.Validate(Valid(endpoint), out _);
        Assert.Contains(errors, e => e.StartsWith("Endpoint (--log-analytics)", StringComparison.Ordinal) && e.Contains("https", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_MissingEndpointDcrAndSpool_NamesEachSetting()
    {
        var errors = LogAnalyticsOptionsValidator.Validate(new LogAnalyticsOptions { DcrImmutableId = "dcr/../x" }, out _);
        Assert.Contains(errors, e => e.StartsWith("Endpoint (--log-analytics)", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("DcrImmutableId (--dcr)", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("SpoolDirectory (--spool)", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BadStreamsAndLimits_NamesEachSetting()
    {
        var options = Valid("https://dce.example") with
        {
            MetricsStream = "Custom-Ai Obs",
            AlertsStream = string.Empty,
            IncidentsStream = "Custom-AiObs/Incidents",
            MaxBatchBytes = 2_000_000,
            QueueCapacity = 0,
        };
        var errors = LogAnalyticsOptionsValidator.Validate(options, out _);
        Assert.Contains(errors, e => e.StartsWith("MetricsStream (--la-metrics-stream)", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("AlertsStream (--la-alerts-stream)", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("IncidentsStream (--la-incidents-stream)", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("MaxBatchBytes", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("QueueCapacity", StringComparison.Ordinal));
    }

    [Fact]
    public void Constructor_InvalidEndpoint_ThrowsBeforeAnyIo()
    {
        var spool = Path.Combine(Path.GetTempPath(), "aiobs-la-never-" + Guid.NewGuid().ToString("N"));
        var options = Valid("http://example.com") with { SpoolDirectory = spool, StaticToken = "t" };
        var ex = Assert.Throws<LogAnalyticsConfigException>(() => new LogAnalyticsSink(options));
        Assert.Contains("Endpoint (--log-analytics)", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(spool));
    }
}
