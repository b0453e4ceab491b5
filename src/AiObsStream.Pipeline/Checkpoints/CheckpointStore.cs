namespace AiObsStream.Pipeline.Checkpoints;

/// <summary>
/// Keeps the engine's checkpoints in a folder: <c>checkpoint.bin</c> (latest) and <c>checkpoint.prev.bin</c> (the one
/// before). A new checkpoint is written to a temporary file, flushed to disk, then renamed over the latest (atomic on
/// POSIX file systems), so a crash at any moment leaves a complete checkpoint behind.
/// </summary>
public sealed class CheckpointStore
{
    private const string Latest = "checkpoint.bin";
    private const string Previous = "checkpoint.prev.bin";

    /// <summary>Creates a store over <paramref name="directory"/> (created if missing).</summary>
    public CheckpointStore(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);
        DirectoryPath = Path.GetFullPath(directory);
    }

    /// <summary>The folder.</summary>
    public string DirectoryPath { get; }

    /// <summary>Size in bytes of the last checkpoint written by <see cref="Save"/>.</summary>
    public long LastSizeBytes { get; private set; }

    /// <summary>Checkpoints written by this instance.</summary>
    public long Saved { get; private set; }

    /// <summary>How long the last <see cref="Save"/> took (write, flush to disk, rename), for the checkpoint duration metric.</summary>
    public TimeSpan LastSaveDuration { get; private set; }

    /// <summary>Writes <paramref name="checkpoint"/> durably and atomically; the former latest becomes the previous one.</summary>
    public void Save(EngineCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var latest = Path.Combine(DirectoryPath, Latest);
        var temp = latest + ".tmp";
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            checkpoint.WriteTo(file);
            file.Flush(flushToDisk: true);
            LastSizeBytes = file.Length;
        }

        if (File.Exists(latest))
        {
            File.Copy(latest, Path.Combine(DirectoryPath, Previous), overwrite: true);
        }

        File.Move(temp, latest, overwrite: true);
        LastSaveDuration = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        Saved++;
    }

    /// <summary>
    /// Loads the latest checkpoint, falling back to the previous one when the latest is unreadable; null when there is
    /// none. <paramref name="warning"/> says why the latest was skipped.
    /// </summary>
    /// <exception cref="InvalidDataException">Checkpoints exist but none can be read.</exception>
    public EngineCheckpoint? TryLoad(out string? warning)
    {
        warning = null;
        var latest = Path.Combine(DirectoryPath, Latest);
        var previous = Path.Combine(DirectoryPath, Previous);
        if (!File.Exists(latest) && !File.Exists(previous))
        {
            return null;
        }

        InvalidDataException? first = null;
        foreach (var path in new[] { latest, previous })
        {
            if (!File.Exists(path))
            {
                continue;
            }

            try
            {
                using var file = File.OpenRead(path);
                return EngineCheckpoint.ReadFrom(file);
            }
            catch (InvalidDataException ex)
            {
                first ??= ex;
                warning = $"{path}: {ex.Message}; using the previous checkpoint";
            }
        }

        throw new InvalidDataException($"no readable checkpoint in {DirectoryPath}: {first!.Message}", first);
    }
}
