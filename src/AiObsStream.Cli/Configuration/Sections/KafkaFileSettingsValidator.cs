using Microsoft.Extensions.Options;

namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>Checks <c>kafka</c>: known keys and kinds (the values are checked with the flags, which win).</summary>
internal sealed class KafkaFileSettingsValidator(ConfigDocument document) : IValidateOptions<KafkaFileSettings>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, KafkaFileSettings options)
    {
        var problems = SettingChecks.Shape<KafkaFileSettings>(document, "kafka");
        SettingChecks.Duration(problems, options.StopWhenIdle, "kafka.stopWhenIdle");
        SettingChecks.Duration(problems, options.CheckpointInterval, "kafka.checkpointInterval");
        SettingChecks.Duration(problems, options.SessionTimeout, "kafka.sessionTimeout");
        return SettingChecks.Result(problems);
    }
}
