using System.IO.Compression;
using System.Threading.Channels;
using AiObsStream.Formats;

namespace AiObsStream.Pipeline.Inputs;

/// <summary>
/// Replays one file (plain or gzip-compressed): detects its format from its first bytes and parses it unit by unit —
/// one body or log object per line, one whole JSON document, or Prometheus exposition lines.
/// </summary>
internal sealed partial class FileInput : IInput
{
    private const int SniffBytes = 64 * 1024;
    private readonly string _path;
    private readonly InputOptions _options;

    public FileInput(string path, InputOptions options)
    {
        _path = path;
        _options = options;
        Name = path;
    }

    public string Name { get; }

    /// <summary>The format detected (set once reading starts).</summary>
    public InputFormat Format { get; private set; }

    public async Task RunAsync(ChannelWriter<InputBatch> output, CancellationToken cancellationToken)
    {
        BatchBuilder? builder = null;
        UnitReader? reader = null;
        try
        {
            await using var stream = Open(_path);
            var head = await ReadHeadAsync(stream, cancellationToken).ConfigureAwait(false);
            if (head.Length == 0)
            {
                output.TryComplete(); // an empty input is not an error: it has no records
                return;
            }

            Format = UnitRouter.Detect(head);
            builder = new BatchBuilder(Name, _options);
            reader = new UnitReader(stream, _options.MaxUnitBytes, head);
            using var router = new UnitRouter(_options);
            switch (Format)
            {
                case InputFormat.EventHubsJson when FormatSniffer.IsSingleDocument(head):
                    await ReadDocumentAsync(reader, builder, router, output, cancellationToken).ConfigureAwait(false);
                    break;
                case InputFormat.EventHubsJson or InputFormat.StructuredLog:
                    await ReadLinesAsync(reader, builder, router, Format, output, cancellationToken).ConfigureAwait(false);
                    break;
                case InputFormat.Prometheus:
                    await ReadPrometheusAsync(reader, builder, router, head, output, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    builder.Reject(0, UnitRouter.UnknownFormat, head);
                    break;
            }

            if (builder.HasContent)
            {
                await output.WriteAsync(builder.Take(), cancellationToken).ConfigureAwait(false);
            }

            output.TryComplete();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            output.TryComplete(); // stop requested: what was read so far is processed and flushed
        }
#pragma warning disable CA1031 // loop boundary: whatever goes wrong in one input is reported and the run goes on
        catch (Exception ex)
        {
            var what = ex is IOException or UnauthorizedAccessException or InvalidDataException
                ? ex.Message : $"unexpected {ex.GetType().Name}: {ex.Message}";
            var position = reader?.LineNumber ?? 0;

            // What was parsed before the failure still counts: hand over the partial batch, then report the failure.
            if (builder is { HasContent: true } && !cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await output.WriteAsync(builder.Take(), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception inner) when (inner is OperationCanceledException or ChannelClosedException)
                {
                    // stopping: nothing more can be handed over
                }
            }

            output.TryComplete(new InputException($"{_path}: {what}", position, UnitsFrom(_path, position), ex));
        }
#pragma warning restore CA1031
        finally
        {
            reader?.Dispose();
        }
    }

    /// <summary>
    /// Lines from <paramref name="position"/> (the failing one included) to the end of the file: what the failure cost.
    /// -1 when the file cannot be read again (it is the reason for the failure, or it vanished).
    /// </summary>
    internal static long UnitsFrom(string path, long position)
    {
        try
        {
            using var stream = Open(path);
            var buffer = new byte[1 << 16];
            long lines = 0;
            var last = (byte)'\n';
            int n;
            while ((n = stream.Read(buffer)) > 0)
            {
                lines += buffer.AsSpan(0, n).Count((byte)'\n');
                last = buffer[n - 1];
            }

            lines += last == (byte)'\n' ? 0 : 1; // a last line without its newline
            return Math.Max(0, lines - Math.Max(0, position - 1));
        }
#pragma warning disable CA1031 // best effort: the count is informational
        catch (Exception)
        {
            return -1;
        }
#pragma warning restore CA1031
    }

    private static Stream Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        Span<byte> magic = stackalloc byte[2];
        var n = file.Read(magic);
        file.Position = 0;
        return n == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    private static async Task<byte[]> ReadHeadAsync(Stream stream, CancellationToken ct)
    {
        var head = new byte[SniffBytes];
        var total = 0;
        while (total < head.Length)
        {
            var n = await stream.ReadAsync(head.AsMemory(total), ct).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return head.AsSpan(0, total).ToArray();
    }

    private static async Task ReadLinesAsync(UnitReader reader, BatchBuilder builder, UnitRouter router, InputFormat format,
        ChannelWriter<InputBatch> output, CancellationToken ct)
    {
        // The file's head decided the format once: every line is read as that format, whatever it starts with.
        while (true)
        {
            var (ok, unit, tooLarge, length) = await reader.NextAsync(ct).ConfigureAwait(false);
            if (!ok)
            {
                return;
            }

            if (tooLarge)
            {
                builder.RejectTooLarge(reader.LineNumber, length, unit.Span);
            }
            else if (!IsBlank(unit.Span))
            {
                router.Accept(builder, unit.Span, reader.LineNumber, format);
            }

            if (builder.IsFull)
            {
                await output.WriteAsync(builder.Take(), ct).ConfigureAwait(false);
            }
        }
    }

    private async Task ReadDocumentAsync(UnitReader reader, BatchBuilder builder, UnitRouter router,
        ChannelWriter<InputBatch> output, CancellationToken ct)
    {
        // One JSON document spread over many lines: join it (bounded by MaxUnitBytes) and parse it as one unit.
        using var document = new MemoryStream();
        while (true)
        {
            var (ok, unit, _, _) = await reader.NextAsync(ct).ConfigureAwait(false);
            if (!ok || document.Length > _options.MaxUnitBytes)
            {
                break;
            }

            document.Write(unit.Span);
            document.WriteByte((byte)'\n');
        }

        var bytes = document.GetBuffer().AsSpan(0, (int)document.Length);
        if (document.Length > _options.MaxUnitBytes)
        {
            builder.RejectTooLarge(1, document.Length, bytes);
        }
        else
        {
            router.Accept(builder, bytes, 1, InputFormat.EventHubsJson);
        }

        await output.WriteAsync(builder.Take(), ct).ConfigureAwait(false);
    }

    private static bool IsBlank(ReadOnlySpan<byte> unit) => unit.Trim(" \t\r"u8).IsEmpty;
}
