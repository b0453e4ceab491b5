using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace AiObsStream.Cli.Configuration;

/// <summary>
/// Checks a configuration shape against a settings (binding) type: known keys (case-sensitive, as documented) and JSON
/// kinds, each problem naming the setting (<c>rules.latency-p95.warning</c>, <c>pricing.tokens[0].model</c>).
/// </summary>
/// <remarks>
/// The binding types are the schema: a property's key is its <see cref="ConfigurationKeyNameAttribute"/> or its
/// camel-case name; <c>string</c> wants a JSON string, <c>bool?</c> true or false, <c>double?</c> a finite number,
/// <c>List&lt;T&gt;</c> an array, <c>Dictionary&lt;string, T&gt;</c> an object of T, other classes an object with
/// exactly their keys, <see cref="IConfigurationSection"/> anything. Whole numbers are bound as <c>double?</c> and
/// checked by the section validators, whose messages give the allowed range.
/// </remarks>
internal static class SettingsSchema
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyList<KeyValuePair<string, PropertyInfo>>> Cache = new();

    /// <summary>The settings of <paramref name="type"/> in declaration order, by configuration key.</summary>
    /// <remarks>
    /// Declaration order is the order <see cref="Type.GetProperties(BindingFlags)"/> gives, both with the JIT and in a
    /// Native AOT build (which has no metadata tokens to sort by). .NET does not promise it, so tests check it: against the
    /// metadata tokens for every settings type, and the native build's unknown-setting messages, which list the keys in
    /// this order, against the JIT build's (SettingsTypesTests, NativeBuildTests).
    /// </remarks>
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Settings types belong to the aiobs assembly, which the native build roots whole.")]
    public static IReadOnlyList<KeyValuePair<string, PropertyInfo>> Properties(Type type) => Cache.GetOrAdd(type, static t =>
        [.. t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .Select(p => new KeyValuePair<string, PropertyInfo>(Key(p), p))]);

    /// <summary>The setting path of member <paramref name="name"/> under <paramref name="path"/> (the root has an empty path).</summary>
    public static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    /// <summary>Checks <paramref name="node"/> against <paramref name="type"/>; adds one message per problem.</summary>
    public static void Check(ConfigShape node, Type type, string path, List<string> problems)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(IConfigurationSection))
        {
            return;
        }

        if (t == typeof(string))
        {
            Add(node.Kind == JsonValueKind.String, problems, $"{path}: expected a string");
        }
        else if (t == typeof(bool))
        {
            Add(node.Kind is JsonValueKind.True or JsonValueKind.False, problems, $"{path}: expected true or false");
        }
        else if (t == typeof(double))
        {
            Add(node.Kind == JsonValueKind.Number && node.IsFiniteNumber, problems, $"{path}: expected a number, found {node.KindName}");
        }
        else if (ItemType(t) is { } item)
        {
            if (Expect(node, JsonValueKind.Array, path, problems))
            {
                foreach (var (index, child) in node.Members)
                {
                    Check(child, item, $"{path}[{index}]", problems);
                }
            }
        }
        else if (ValueType(t) is { } value)
        {
            if (Expect(node, JsonValueKind.Object, path, problems))
            {
                foreach (var (name, child) in node.Members)
                {
                    Check(child, value, Join(path, name), problems);
                }
            }
        }
        else if (Expect(node, JsonValueKind.Object, path, problems))
        {
            CheckMembers(node, t, path, problems, reportUnknown: true);
        }
    }

    /// <summary>Checks the members of an object against the settings of <paramref name="type"/>.</summary>
    /// <param name="node">The object.</param>
    /// <param name="type">The settings type.</param>
    /// <param name="path">Its setting path.</param>
    /// <param name="problems">Receives the problems.</param>
    /// <param name="reportUnknown">False for settings bound to the file's root, which shares its keys with the sections.</param>
    public static void CheckMembers(ConfigShape node, Type type, string path, List<string> problems, bool reportUnknown)
    {
        if (node.Members.Count == 0)
        {
            return; // nothing to check (a run without a configuration file)
        }

        var properties = Properties(type);
        foreach (var (name, child) in node.Members)
        {
            var property = Find(properties, name);
            if (property is null)
            {
                if (reportUnknown)
                {
                    problems.Add($"{Join(path, name)}: unknown setting (known: {string.Join(", ", properties.Select(p => p.Key))})");
                }
            }
            else if (!(child.Kind == JsonValueKind.Null && property.IsDefined(typeof(NullClearsAttribute))))
            {
                Check(child, property.PropertyType, Join(path, name), problems);
            }
        }
    }

    /// <summary>The element type of a <c>List&lt;T&gt;</c>, or null.</summary>
    public static Type? ItemType(Type t) => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(List<>) ? t.GetGenericArguments()[0] : null;

    /// <summary>The value type of a <c>Dictionary&lt;string, T&gt;</c>, or null.</summary>
    public static Type? ValueType(Type t) => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Dictionary<,>) ? t.GetGenericArguments()[1] : null;

    /// <summary>The property bound to key <paramref name="name"/> (exact case), or null.</summary>
    public static PropertyInfo? Find(IReadOnlyList<KeyValuePair<string, PropertyInfo>> properties, string name)
    {
        foreach (var (key, property) in properties)
        {
            if (string.Equals(key, name, StringComparison.Ordinal))
            {
                return property;
            }
        }

        return null;
    }

    private static bool Expect(ConfigShape node, JsonValueKind kind, string path, List<string> problems)
    {
        var ok = node.Kind == kind;
        Add(ok, problems, $"{(path.Length == 0 ? "config" : path)}: expected {kind.ToString().ToLowerInvariant()}, found {node.KindName}");
        return ok;
    }

    private static void Add(bool ok, List<string> problems, string problem)
    {
        if (!ok)
        {
            problems.Add(problem);
        }
    }

    private static string Key(PropertyInfo p) =>
        p.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? char.ToLowerInvariant(p.Name[0]) + p.Name[1..];
}
