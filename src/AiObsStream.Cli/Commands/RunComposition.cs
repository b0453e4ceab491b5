using System.CommandLine;
using AiObsStream.Cli.Configuration;
using AiObsStream.Cli.Configuration.Sections;
using AiObsStream.Pipeline.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AiObsStream.Cli.Commands;

/// <summary>The composition root of <c>aiobs run</c>: the configuration's sections and the run plan built from them and the command line.</summary>
internal static class RunComposition
{
    /// <summary>Adds the configuration sections, <see cref="EngineOptions"/> and the <see cref="RunPlan"/>.</summary>
    public static IServiceCollection AddRunComposition(this IServiceCollection services, ConfigDocument document, ParseResult parse) =>
        services.AddEngineConfiguration(document)
            .AddSingleton(sp => RunPlan.Create(parse, sp.GetRequiredService<EngineOptions>(), sp.GetRequiredService<IOptions<KafkaFileSettings>>().Value,
                sp.GetRequiredService<IOptions<ServiceSettings>>().Value, sp.GetRequiredService<IOptions<ActionsSettings>>().Value));
}
