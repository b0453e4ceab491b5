namespace AiObsStream.Cli.Configuration.Sections;

/// <summary>The <c>eventTime</c> section: windows, watermark and lateness (durations as text).</summary>
internal sealed class EventTimeSettings
{
    /// <summary>Window size.</summary>
    public string? Window { get; set; }

    /// <summary>Window hop (default: the window size).</summary>
    public string? Hop { get; set; }

    /// <summary>Watermark lag behind the newest event.</summary>
    public string? AllowedDisorder { get; set; }

    /// <summary>How long a fired window still accepts late records.</summary>
    public string? AllowedLateness { get; set; }

    /// <summary>How far ahead of its input a record may be before it is held as a suspect.</summary>
    public string? MaxAhead { get; set; }

    /// <summary>Later records needed to accept or reject a suspect jump (whole number 1..1024).</summary>
    public double? ConfirmAhead { get; set; }
}
