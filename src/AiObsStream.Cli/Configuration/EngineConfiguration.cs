using System.Diagnostics.CodeAnalysis;
using AiObsStream.Cli.Configuration.Sections;
using AiObsStream.Pipeline.Configuration;
using AiObsStream.Pipeline.Engine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AiObsStream.Cli.Configuration;

/// <summary>
/// Registers the configuration file's sections as options (bound from the JSON provider, one validator per section,
/// validated on start) and <see cref="EngineOptions"/> mapped from them.
/// </summary>
internal static class EngineConfiguration
{
    /// <summary>Binds one section into its settings object: <see cref="ShapedBinding.Bind"/>, or another binder under test.</summary>
    internal delegate void SectionBinder(IConfiguration section, ConfigShape? node, object target, bool atRoot);

    /// <summary>Adds every section of <paramref name="document"/> and the engine options composed from them.</summary>
    public static IServiceCollection AddEngineConfiguration(this IServiceCollection services, ConfigDocument document) =>
        services.AddEngineConfiguration(document, ShapedBinding.Bind);

    /// <summary>As <see cref="AddEngineConfiguration(IServiceCollection, ConfigDocument)"/>, each section bound by <paramref name="bind"/>.</summary>
    internal static IServiceCollection AddEngineConfiguration(this IServiceCollection services, ConfigDocument document, SectionBinder bind)
    {
        services.AddSingleton(document);
        Section<EngineSettings, EngineSettingsValidator>(services, document, null, bind);
        Section<EventTimeSettings, EventTimeSettingsValidator>(services, document, "eventTime", bind);
        Section<OutputSettings, OutputSettingsValidator>(services, document, "output", bind);
        Section<RulesSettings, RulesSettingsValidator>(services, document, null, bind);
        Section<AnomalySettings, AnomalySettingsValidator>(services, document, "anomaly", bind);
        Section<NotificationsSettings, NotificationsSettingsValidator>(services, document, "notifications", bind);
        Section<IncidentsSettings, IncidentsSettingsValidator>(services, document, "incidents", bind);
        Section<RegressionSettings, RegressionSettingsValidator>(services, document, "regression", bind);
        Section<DriftSettings, DriftSettingsValidator>(services, document, "drift", bind);
        Section<ForecastSettings, ForecastSettingsValidator>(services, document, "forecast", bind);
        Section<PricingSettings, PricingSettingsValidator>(services, document, "pricing", bind);
        Section<CostTagsSettings, CostTagsSettingsValidator>(services, document, "costTags", bind);
        Section<KafkaFileSettings, KafkaFileSettingsValidator>(services, document, "kafka", bind);
        Section<ServiceSettings, ServiceSettingsValidator>(services, document, "service", bind);
        Section<ActionsSettings, ActionsSettingsValidator>(services, document, null, bind);
        Section<SecuritySettings, SecuritySettingsValidator>(services, document, "security", bind);
        Section<NetworkSettings, NetworkSettingsValidator>(services, document, "network", bind);
        services.AddSingleton(sp => EngineOptionsMapping.Map(document, new ValidatedSettings(
            Value<EngineSettings>(sp), Value<EventTimeSettings>(sp), Value<OutputSettings>(sp), Value<RulesSettings>(sp),
            Value<AnomalySettings>(sp), Value<NotificationsSettings>(sp), Value<IncidentsSettings>(sp), Value<RegressionSettings>(sp),
            Value<DriftSettings>(sp), Value<ForecastSettings>(sp), Value<PricingSettings>(sp), Value<CostTagsSettings>(sp),
            Value<SecuritySettings>(sp), Value<NetworkSettings>(sp))));
        return services;
    }

    /// <summary>Runs every section's validator, as the host does at start.</summary>
    /// <exception cref="ConfigException">A setting is invalid; the message lists every problem, each naming its setting.</exception>
    public static void ValidateOnStart(IServiceProvider services)
    {
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (OptionsValidationException ex)
        {
            throw new ConfigException(string.Join("; ", ex.Failures), ex);
        }
        catch (AggregateException ex)
        {
            throw new ConfigException(string.Join("; ", Failures(ex)), ex);
        }
    }

    /// <summary>The engine options of the file at <paramref name="path"/>.</summary>
    /// <exception cref="ConfigException">The file cannot be read, or a setting is invalid (the message names it).</exception>
    public static EngineOptions Load(string path) => Resolve(ConfigDocument.Load(path));

    /// <summary>The engine options of configuration text.</summary>
    /// <exception cref="ConfigException">A setting is invalid (the message names it).</exception>
    public static EngineOptions Parse(string json) => Resolve(ConfigDocument.Parse(json));

    /// <summary>Every validation failure in <paramref name="ex"/> (one per line of the CLI's error output).</summary>
    public static IEnumerable<string> Failures(Exception ex) => ex switch
    {
        OptionsValidationException o => o.Failures,
        AggregateException a => a.InnerExceptions.SelectMany(Failures),
        _ => [ex.Message],
    };

    /// <summary>The engine options of <paramref name="document"/>, its sections bound by <paramref name="bind"/> (default: <see cref="ShapedBinding.Bind"/>).</summary>
    /// <exception cref="ConfigException">A setting is invalid (the message names it).</exception>
    internal static EngineOptions Resolve(ConfigDocument document, SectionBinder? bind = null)
    {
        using var services = new ServiceCollection().AddEngineConfiguration(document, bind ?? ShapedBinding.Bind).BuildServiceProvider();
        ValidateOnStart(services);
        return services.GetRequiredService<EngineOptions>();
    }

    private static T Value<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] T>(IServiceProvider services)
        where T : class => services.GetRequiredService<IOptions<T>>().Value;

    private static void Section<
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TSettings,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TValidator>(
        IServiceCollection services, ConfigDocument document, string? key, SectionBinder bind)
        where TSettings : class
        where TValidator : class, IValidateOptions<TSettings>
    {
        IConfiguration section = key is null ? document.Configuration : document.Configuration.GetSection(key);
        var node = key is null ? document.Shape : document.Shape[key];
        services.AddOptions<TSettings>()
            .Configure(settings => bind(section, node, settings, key is null))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TSettings>, TValidator>();
    }
}
