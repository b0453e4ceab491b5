using AiObsStream.Core.Windows;
using AiObsStream.Pipeline.Configuration;
using Microsoft.Extensions.Options;

namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>Checks <c>eventTime</c>: durations, <c>maxAhead</c> &gt; 0, <c>confirmAhead</c> 1..1024, window and hop together.</summary>
internal sealed class EventTimeSettingsValidator(ConfigDocument document) : IValidateOptions<EventTimeSettings>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, EventTimeSettings options)
    {
        var problems = SettingChecks.Shape<EventTimeSettings>(document, "eventTime");
        if (problems.Count > 0)
        {
            return SettingChecks.Result(problems);
        }

        SettingChecks.Duration(problems, options.Window, "eventTime.window");
        SettingChecks.Duration(problems, options.Hop, "eventTime.hop");
        SettingChecks.Duration(problems, options.AllowedDisorder, "eventTime.allowedDisorder");
        SettingChecks.Duration(problems, options.AllowedLateness, "eventTime.allowedLateness");
        SettingChecks.Duration(problems, options.MaxAhead, "eventTime.maxAhead");
        if (options.MaxAhead is { } ahead && Durations.TryParse(ahead, out var maxAhead) && maxAhead <= TimeSpan.Zero)
        {
            problems.Add("eventTime.maxAhead: must be > 0");
        }

        if (options.ConfirmAhead is { } n && !(n == Math.Floor(n) && n is >= 1 and <= 1024))
        {
            problems.Add("eventTime.confirmAhead: expected an integer 1..1024");
        }

        SettingChecks.Core(problems, () => EngineOptionsMapping.EventTime(options, EventTimeOptions.Default), m => "eventTime.window/hop: " + m);
        return SettingChecks.Result(problems);
    }
}
