using System.Buffers.Binary;

namespace AiObsStream.Cli.ConsoleView;

/// <summary>How many (uncompressed) bytes a file input holds, for its progress and ETA.</summary>
internal static class InputSize
{
    /// <summary>
    /// The file's length; for a gzip file the size its trailer records (ISIZE: the uncompressed length modulo 2^32 of
    /// the last member). -1 when the path is not a file, cannot be read, or the trailer cannot be right: smaller than
    /// the compressed file (a file over 4 GiB, or several members), which text never is.
    /// </summary>
    public static long Of(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return -1;
            }

            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
            Span<byte> magic = stackalloc byte[2];
            if (file.Length < 2 || file.Read(magic) < 2 || magic[0] != 0x1f || magic[1] != 0x8b)
            {
                return info.Length;
            }

            if (file.Length < 18)
            {
                return -1; // a gzip header with no room for a trailer: truncated
            }

            Span<byte> trailer = stackalloc byte[4];
            file.Seek(-4, SeekOrigin.End);
            file.ReadExactly(trailer);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
            return size >= file.Length ? size : -1;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return -1; // progress without a total: the read itself reports what is wrong with the file
        }
    }
}
