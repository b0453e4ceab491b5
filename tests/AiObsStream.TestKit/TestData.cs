namespace AiObsStream.TestKit;

/// <summary>Locates test data committed in the repository (tests never depend on ../shared).</summary>
public static class TestData
{
    /// <summary>The repository root (the folder holding AiObsStream.sln).</summary>
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>Path of a file under tests/data.</summary>
    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([RepoRoot, "tests", "data", .. parts]);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "AiObsStream.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("AiObsStream.sln not found above " + AppContext.BaseDirectory);
    }
}
