using System.Runtime.CompilerServices;
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
        ThrowIfBindingUnavailable(RuntimeFeature.IsDynamicCodeSupported);
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

    /// <summary>Refuses a configuration file in a build that cannot bind one (Native AOT: no dynamic code).</summary>
    /// <remarks>
    /// The sections are bound by the reflection-based configuration binder over <c>object</c> targets
    /// (<see cref="ShapedBinding"/>), which the binder's source generator cannot serve. In a native build it skipped list
    /// and dictionary members without an error (a rule's <c>metric</c>, the Kafka topics), so the run would have used
    /// other settings than the file's: it stops at start instead (#12).
    /// </remarks>
    /// <param name="dynamicCodeSupported"><see cref="RuntimeFeature.IsDynamicCodeSupported"/>: false in a native build.</param>
    /// <exception cref="ConfigException">The build cannot bind a configuration file.</exception>
    internal static void ThrowIfBindingUnavailable(bool dynamicCodeSupported)
    {
        if (!dynamicCodeSupported)
        {
            throw new ConfigException(
                "--config: this native (AOT) build of aiobs cannot read configuration files yet; use the default build " +
                "(`dotnet publish src/AiObsStream.Cli -c Release`) for runs with a configuration file");
        }
    }

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
