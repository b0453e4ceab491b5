using System.Text.Json;
using AiObsStream.Pipeline.Configuration;
using Microsoft.Extensions.Configuration;

namespace AiObsStream.Cli.Configuration;

/// <summary>The configuration file, read once: the <see cref="IConfiguration"/> the options bind to, and its <see cref="ConfigShape"/>.</summary>
internal sealed class ConfigDocument
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private ConfigDocument(IConfiguration configuration, ConfigShape shape)
    {
        Configuration = configuration;
        Shape = shape;
    }

    /// <summary>No configuration file: every setting keeps its default.</summary>
    public static ConfigDocument Empty { get; } = new(new ConfigurationBuilder().Build(), ConfigShape.EmptyObject);

    /// <summary>The configuration built by the JSON provider.</summary>
    public IConfiguration Configuration { get; }

    /// <summary>JSON kinds and member order of the file (the root is an object).</summary>
    public ConfigShape Shape { get; }

    /// <summary>Reads and parses the file at <paramref name="path"/>.</summary>
    /// <exception cref="ConfigException">The file cannot be read, is not JSON, or its root is not an object.</exception>
    public static ConfigDocument Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"--config: cannot read '{path}': {ex.Message}", ex);
        }

        return Parse(bytes);
    }

    /// <summary>Parses configuration text.</summary>
    /// <exception cref="ConfigException">The text is not JSON or its root is not an object.</exception>
    public static ConfigDocument Parse(string json) => Parse(System.Text.Encoding.UTF8.GetBytes(json));

    /// <summary>
    /// IConfiguration splits keys on ':', so "a:b" would silently bind as a nested "a" → "b": refuse it by name instead.
    /// </summary>
    private static void RefuseSeparator(ConfigShape node, string path)
    {
        foreach (var (name, child) in node.Members)
        {
            var setting = node.Kind == JsonValueKind.Array ? $"{path}[{name}]" : SettingsSchema.Join(path, name);
            if (node.Kind == JsonValueKind.Object && name.Contains(ConfigurationPath.KeyDelimiter, StringComparison.Ordinal))
            {
                throw new ConfigException($"{setting}: a name must not contain ':' (the configuration path separator)");
            }

            RefuseSeparator(child, setting);
        }
    }

    private static ConfigDocument Parse(byte[] bytes)
    {
        var body = bytes.AsMemory();
        if (body.Span.StartsWith("\uFEFF"u8))
        {
            body = body[3..];
        }

        ConfigShape shape;
        try
        {
            using var doc = JsonDocument.Parse(body, DocumentOptions);
            shape = ConfigShape.Read(doc.RootElement);
        }
        catch (JsonException ex)
        {
            throw new ConfigException($"config: not valid JSON (line {ex.LineNumber + 1}): {ex.Message}", ex);
        }

        if (shape.Kind != JsonValueKind.Object)
        {
            throw new ConfigException($"config: expected object, found {shape.KindName}");
        }

        RefuseSeparator(shape, string.Empty);

        try
        {
            // The stock JSON provider (comments and trailing commas allowed, as documented) flattens the same bytes.
            using var stream = new MemoryStream(body.ToArray(), writable: false);
            return new ConfigDocument(new ConfigurationBuilder().AddJsonStream(stream).Build(), shape);
        }
        catch (FormatException ex)
        {
            // Keys are case-insensitive in IConfiguration: "chat" and "Chat" in one object collide.
            throw new ConfigException("config: " + ex.Message, ex);
        }
    }
}
