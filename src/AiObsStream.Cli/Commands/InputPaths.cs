namespace AiObsStream.Cli.Commands;

/// <summary>Expands --input arguments: files as given, folders to their data files (.jsonl, .prom, .txt, optionally .gz).</summary>
internal static class InputPaths
{
    private static readonly string[] Extensions = [".jsonl", ".prom", ".txt", ".jsonl.gz", ".prom.gz", ".txt.gz"];

    public static List<string> Expand(IEnumerable<string> args)
    {
        var result = new List<string>();
        foreach (var arg in args)
        {
            if (Directory.Exists(arg))
            {
                var files = Directory.EnumerateFiles(arg)
                    .Where(f => Extensions.Any(e => f.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (files.Count == 0)
                {
                    throw new ArgumentException($"--input {arg}: the folder has no .jsonl, .prom or .txt files (give .json files explicitly)");
                }

                result.AddRange(files);
            }
            else if (File.Exists(arg))
            {
                result.Add(arg);
            }
            else
            {
                throw new ArgumentException($"--input {arg}: no such file or folder");
            }
        }

        return result;
    }
}
