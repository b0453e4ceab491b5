using System.Text.Json;

namespace AiObsStream.Cli.Configuration;

/// <summary>
/// The JSON kinds and member order of the configuration file, kept beside the <see cref="Microsoft.Extensions.Configuration.IConfiguration"/>
/// built from it.
/// </summary>
/// <remarks>
/// The configuration providers flatten JSON into case-insensitive string keys sorted by name: <c>"5"</c> and <c>5</c>,
/// <c>[]</c> and <c>{}</c>, an absent key and <c>null</c> look alike, and the order of rules in the file is lost. The
/// documented format depends on all of these (type errors name the setting, <c>"warning": null</c> clears a threshold,
/// new rules keep file order, keys are case-sensitive), so the shape is read once from the same bytes and consulted by
/// the schema check, the binder's completion step and the mapping.
/// </remarks>
internal sealed class ConfigShape
{
    private static readonly KeyValuePair<string, ConfigShape>[] NoMembers = [];

    private ConfigShape(JsonValueKind kind, bool finite, IReadOnlyList<KeyValuePair<string, ConfigShape>> members)
    {
        Kind = kind;
        IsFiniteNumber = finite;
        Members = members;
    }

    /// <summary>An empty object: the shape of "no configuration file".</summary>
    public static ConfigShape EmptyObject { get; } = new(JsonValueKind.Object, false, NoMembers);

    /// <summary>The JSON kind of the value.</summary>
    public JsonValueKind Kind { get; }

    /// <summary>True for a number that is finite as a double (<c>1e999</c> is not).</summary>
    public bool IsFiniteNumber { get; }

    /// <summary>Object members in file order, or array items named by index; empty for scalars.</summary>
    public IReadOnlyList<KeyValuePair<string, ConfigShape>> Members { get; }

    /// <summary>The member named <paramref name="name"/> (exact, case-sensitive; the last one when repeated), or null.</summary>
    public ConfigShape? this[string name]
    {
        get
        {
            for (var i = Members.Count - 1; i >= 0; i--)
            {
                if (string.Equals(Members[i].Key, name, StringComparison.Ordinal))
                {
                    return Members[i].Value;
                }
            }

            return null;
        }
    }

    /// <summary>The kind as the error messages name it (<c>object</c>, <c>array</c>, <c>string</c>, <c>number</c>, <c>true</c>, <c>null</c>...).</summary>
    public string KindName => Kind.ToString().ToLowerInvariant();

    /// <summary>Reads the shape of <paramref name="element"/>.</summary>
    public static ConfigShape Read(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var members = new List<KeyValuePair<string, ConfigShape>>();
                foreach (var p in element.EnumerateObject())
                {
                    members.Add(new(p.Name, Read(p.Value)));
                }

                return new ConfigShape(JsonValueKind.Object, false, members);
            case JsonValueKind.Array:
                var items = new List<KeyValuePair<string, ConfigShape>>();
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    items.Add(new((index++).ToString(System.Globalization.CultureInfo.InvariantCulture), Read(item)));
                }

                return new ConfigShape(JsonValueKind.Array, false, items);
            case JsonValueKind.Number:
                return new ConfigShape(JsonValueKind.Number, element.TryGetDouble(out var d) && double.IsFinite(d), NoMembers);
            default:
                return new ConfigShape(element.ValueKind, false, NoMembers);
        }
    }
}
