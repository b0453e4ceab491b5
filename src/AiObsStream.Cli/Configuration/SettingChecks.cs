using System.Globalization;
using AiObsStream.Pipeline.Configuration;
using Microsoft.Extensions.Options;

namespace AiObsStream.Cli.Configuration;

/// <summary>The checks the section validators share; each adds a message naming the setting.</summary>
internal static class SettingChecks
{
    /// <summary>The problems of section <paramref name="key"/> (absent: none) as a <typeparamref name="T"/>: unknown keys and JSON kinds.</summary>
    public static List<string> Shape<T>(ConfigDocument document, string key)
    {
        var problems = new List<string>();
        if (document.Shape[key] is { } node)
        {
            SettingsSchema.Check(node, typeof(T), key, problems);
        }

        return problems;
    }

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>, when set.</summary>
    public static void Whole(List<string> problems, double? value, string setting, int min, int max)
    {
        if (value is { } v && !(v == Math.Floor(v) && v >= min && v <= max))
        {
            problems.Add($"{setting}: expected a whole number from {min} to {max}");
        }
    }

    /// <summary>A duration (<c>500ms</c>, <c>10s</c>, <c>5m</c>, <c>1h</c>, <c>7d</c>, <c>hh:mm:ss</c>), when set.</summary>
    public static void Duration(List<string> problems, string? text, string setting)
    {
        if (text is not null && !Durations.TryParse(text, out _))
        {
            problems.Add(DurationProblem(text, setting));
        }
    }

    /// <summary>An enum name of <typeparamref name="T"/> (any case), when set.</summary>
    public static void Enum<T>(List<string> problems, string? text, string setting)
        where T : struct, System.Enum
    {
        if (text is not null && !TryEnum<T>(text, out _))
        {
            problems.Add(EnumProblem<T>(text, setting));
        }
    }

    /// <summary>Enum names of <typeparamref name="T"/>, when set; a problem names the list.</summary>
    public static void Enums<T>(List<string> problems, List<string>? texts, string setting)
        where T : struct, System.Enum
    {
        foreach (var text in texts ?? [])
        {
            Enum<T>(problems, text, setting);
        }
    }

    /// <summary>Runs a Core record's own validation; an <see cref="ArgumentException"/> becomes a problem.</summary>
    public static void Core(List<string> problems, Action validate, Func<string, string>? message = null)
    {
        if (problems.Count > 0)
        {
            return; // the record cannot be built from settings that failed their own checks
        }

        try
        {
            validate();
        }
        catch (ArgumentException ex)
        {
            problems.Add(message is null ? ex.Message : message(ex.Message));
        }
        catch (ConfigException ex)
        {
            problems.Add(ex.Message);
        }
    }

    /// <summary>The validation result of a section.</summary>
    public static ValidateOptionsResult Result(List<string> problems) =>
        problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);

    /// <summary>Parses an enum name (any case) of a defined value.</summary>
    public static bool TryEnum<T>(string text, out T value)
        where T : struct, System.Enum =>
        System.Enum.TryParse(text, ignoreCase: true, out value) && System.Enum.IsDefined(value);

    /// <summary>Parses an enum name, throwing <see cref="ConfigException"/> naming the setting.</summary>
    public static T ParseEnum<T>(string text, string setting)
        where T : struct, System.Enum =>
        TryEnum<T>(text, out var value) ? value : throw new ConfigException(EnumProblem<T>(text, setting));

    /// <summary>Parses a time (ISO-8601), as UTC when no offset is given.</summary>
    public static bool TryInstant(string? text, out long unixMs)
    {
        var ok = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t);
        unixMs = ok ? t.ToUnixTimeMilliseconds() : 0;
        return ok;
    }

    private static string DurationProblem(string text, string setting) =>
        $"{setting}: '{text}' is not a duration (use e.g. 500ms, 10s, 5m, 1h, 7d or hh:mm:ss)";

    private static string EnumProblem<T>(string text, string setting)
        where T : struct, System.Enum =>
        $"{setting}: '{text}' is not one of {string.Join(", ", System.Enum.GetNames<T>())}";
}
