using System.IO.Compression;

namespace AiObsStream.LogAnalytics.Internal;

/// <summary>Gzip helpers for request bodies and spool files.</summary>
internal static class GzipCodec
{
    public static byte[] Compress(ReadOnlySpan<byte> data, CompressionLevel level)
    {
        using var output = new MemoryStream(data.Length / 4 + 64);
        using (var gzip = new GZipStream(output, level, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    public static byte[] Decompress(byte[] data)
    {
        using var input = new MemoryStream(data);
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream(data.Length * 8);
        gzip.CopyTo(output);
        return output.ToArray();
    }
}
