using AiObsStream.Cli.Configuration.Sections;

namespace AiObsStream.Cli.Configuration;

/// <summary>Every section of the configuration file, bound and validated.</summary>
internal sealed record ValidatedSettings(
    EngineSettings Engine,
    EventTimeSettings EventTime,
    OutputSettings Output,
    RulesSettings Rules,
    AnomalySettings Anomaly,
    NotificationsSettings Notifications,
    IncidentsSettings Incidents,
    RegressionSettings Regression,
    DriftSettings Drift,
    ForecastSettings Forecast,
    PricingSettings Pricing,
    CostTagsSettings CostTags,
    SecuritySettings Security,
    NetworkSettings Network);
