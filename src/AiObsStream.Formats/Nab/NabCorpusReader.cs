using AiObsStream.Core.Evaluation.Nab;

namespace AiObsStream.Formats.Nab;

/// <summary>Reads a NAB corpus folder laid out as numenta/NAB: <c>data/&lt;category&gt;/&lt;file&gt;.csv</c>,
/// <c>labels/combined_windows.json</c> and (optional) <c>config/profiles.json</c>.</summary>
/// <remarks>
/// Only the series named in the windows file are loaded (NAB's runner scores exactly those). Every failure (missing
/// file, bad row, window timestamp that is not a row of its series) becomes a <see cref="NabCorpusException"/> whose
/// message names the file and the line or window.
/// </remarks>
public static class NabCorpusReader
{
    /// <summary>Relative path of the windows file inside the corpus folder.</summary>
    public const string WindowsPath = "labels/combined_windows.json";

    /// <summary>Relative path of the profiles file inside the corpus folder.</summary>
    public const string ProfilesPath = "config/profiles.json";

    /// <summary>Loads the corpus in <paramref name="root"/>.</summary>
    /// <param name="root">The corpus folder (holding <c>data/</c> and <c>labels/</c>).</param>
    /// <param name="probationPercent">Probationary fraction for every series (NAB: 0.15).</param>
    /// <returns>The corpus.</returns>
    /// <exception cref="NabCorpusException">A file is missing, unreadable or invalid.</exception>
    public static NabCorpus Load(string root, double probationPercent = NabMath.DefaultProbationPercent)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (!Directory.Exists(root))
        {
            throw new NabCorpusException($"NAB corpus folder '{root}' does not exist.");
        }

        byte[] windowsJson = ReadFile(root, WindowsPath);
        if (!NabWindowsParser.TryParse(windowsJson, out var windows, out var error))
        {
            throw new NabCorpusException($"{WindowsPath}: {error.Message}");
        }

        var profiles = LoadProfiles(root);
        var names = windows!.Keys.ToList();
        names.Sort(StringComparer.Ordinal);
        var series = new List<NabSeries>(names.Count);
        foreach (string name in names)
        {
            series.Add(LoadSeries(root, name, windows[name], probationPercent));
        }

        return new NabCorpus(root, series, profiles);
    }

    /// <summary>Builds one series from a data file's bytes and its windows.</summary>
    /// <param name="name">The relative path (for messages and window names).</param>
    /// <param name="csv">The data file's bytes.</param>
    /// <param name="windows">Its windows.</param>
    /// <param name="probationPercent">Probationary fraction.</param>
    /// <returns>The series.</returns>
    /// <exception cref="NabCorpusException">The file or a window is invalid.</exception>
    public static NabSeries ParseSeries(string name, ReadOnlySpan<byte> csv, IReadOnlyList<NabWindow> windows,
        double probationPercent = NabMath.DefaultProbationPercent)
    {
        if (!NabCsvParser.TryParse(csv, out var data, out var error))
        {
            throw new NabCorpusException($"data/{name}: {error.Message}");
        }

        try
        {
            return new NabSeries(name, data!.TimestampsUnixMs, data.Values, windows, probationPercent);
        }
        catch (ArgumentException ex)
        {
            throw new NabCorpusException($"{WindowsPath}: {ex.Message}", ex);
        }
    }

    private static NabSeries LoadSeries(string root, string name, NabWindow[] windows, double probationPercent)
    {
        if (name.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(name))
        {
            throw new NabCorpusException($"{WindowsPath}: '{name}' is not a relative path inside data/.");
        }

        return ParseSeries(name, ReadFile(root, Path.Combine("data", name)), windows, probationPercent);
    }

    private static List<NabProfile> LoadProfiles(string root)
    {
        if (!File.Exists(Path.Combine(root, ProfilesPath)))
        {
            return [.. NabProfile.All];
        }

        if (!NabProfilesParser.TryParse(ReadFile(root, ProfilesPath), out var profiles, out var error))
        {
            throw new NabCorpusException($"{ProfilesPath}: {error.Message}");
        }

        return profiles!;
    }

    private static byte[] ReadFile(string root, string relative)
    {
        string path = Path.Combine(root, relative);
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new NabCorpusException($"{relative}: cannot read '{path}': {ex.Message}", ex);
        }
    }
}
