namespace AiObsStream.Cli.Tests.Fuzz;

/// <summary>
/// One input file of the CLI fuzz run: a header (lines that are not units), then units each tagged with a unique id
/// that becomes its series' Deployment, so every metric row and every dead letter can be traced back to its unit.
/// </summary>
/// <param name="FileName">The file name inside the run folder.</param>
/// <param name="Header">Lines written before the units (dcgm HELP/TYPE); not mutated, not checked.</param>
/// <param name="Units">The clean units, one per line.</param>
/// <param name="Ids">The traced id of each unit (its Deployment).</param>
internal sealed record FuzzInput(string FileName, IReadOnlyList<byte[]> Header, IReadOnlyList<byte[]> Units, IReadOnlyList<string> Ids)
{
    /// <summary>The 1-based line number of unit <paramref name="unit"/> (the dead letter's Position).</summary>
    public long LineOf(int unit) => Header.Count + unit + 1;

    /// <summary>Writes the file with <paramref name="replace"/> applied (unit index → mutated bytes).</summary>
    public string Write(string directory, IReadOnlyDictionary<int, byte[]> replace, DateTime lastWriteUtc)
    {
        var path = Path.Combine(directory, FileName);
        using (var file = File.Create(path))
        {
            foreach (var line in Header)
            {
                file.Write(line);
                file.WriteByte((byte)'\n');
            }

            for (var i = 0; i < Units.Count; i++)
            {
                file.Write(replace.TryGetValue(i, out var mutated) ? mutated : Units[i]);
                file.WriteByte((byte)'\n');
            }
        }

        // Samples without a timestamp take the file's modification time: fixed, so a failing case replays exactly.
        File.SetLastWriteTimeUtc(path, lastWriteUtc);
        return path;
    }
}
