using System.Globalization;

namespace AiObsStream.Core.Simulation;

/// <summary>One incident to inject: <c>KIND@MINUTE</c> on the command line.</summary>
/// <param name="Kind">What happens.</param>
/// <param name="StartMinute">Minute of the run (0-based) at which it starts.</param>
public readonly record struct IncidentSpec(IncidentKind Kind, int StartMinute)
{
    /// <summary>Parses <c>KIND@MINUTE</c>, for example <c>latency-regression@12</c>.</summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="minutes">Length of the run in minutes; the minute must lie in [0, minutes).</param>
    /// <param name="spec">The parsed incident.</param>
    /// <param name="error">What is wrong, when the result is false.</param>
    /// <returns>True when <paramref name="text"/> is valid.</returns>
    public static bool TryParse(string text, int minutes, out IncidentSpec spec, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        spec = default;
        int at = text.LastIndexOf('@');
        if (at <= 0 || at == text.Length - 1)
        {
            error = $"'{text}' is not KIND@MINUTE.";
            return false;
        }

        if (!IncidentCatalog.TryParseKind(text.AsSpan(0, at), out var kind))
        {
            error = $"unknown incident kind '{text[..at]}' (expected one of {IncidentCatalog.KindList}).";
            return false;
        }

        if (!int.TryParse(text.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int minute)
            || minute >= minutes)
        {
            error = $"minute '{text[(at + 1)..]}' of '{text}' is out of range [0, {minutes - 1}].";
            return false;
        }

        spec = new IncidentSpec(kind, minute);
        error = string.Empty;
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        IncidentCatalog.Name(Kind) + "@" + StartMinute.ToString(CultureInfo.InvariantCulture);
}
