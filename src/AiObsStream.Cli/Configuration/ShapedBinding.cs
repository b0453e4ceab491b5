using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using AiObsStream.Cli.Configuration.Sections;
using Microsoft.Extensions.Configuration;

namespace AiObsStream.Cli.Configuration;

/// <summary>
/// Binds a configuration section into a settings object when its shape fits the settings type, then completes what the
/// flattened configuration cannot say: empty arrays and objects, and list items written as <c>{}</c>.
/// </summary>
/// <remarks>
/// <para>
/// A section whose shape does not fit is left unbound: binding would throw on the first value it cannot convert,
/// without naming the setting as documented, while the section's validator reports every problem by name and the start
/// fails (<c>ValidateOnStart</c>) before any input is read.
/// </para>
/// <para>
/// Why not <see cref="ConfigurationBinder"/> (#12): its reflection over <c>object</c> targets builds collections with
/// <c>MakeGenericType</c>, which a Native AOT build cannot do (it skipped list and dictionary settings there without an
/// error), and its source generator cannot serve <c>object</c> targets either; a generated binder per section would be a
/// second binder whose rules differ in corners (empty sections, <c>{}</c> items) from the documented ones. The settings
/// use a closed vocabulary (<see cref="SettingsSchema"/>), so this binder does what <see cref="ConfigurationBinder"/>
/// does for exactly that vocabulary, with the reflection Native AOT supports: property get and set, and parameterless
/// constructors of the settings types (the aiobs assembly is rooted in that build). The generic collections are created
/// by <see cref="Collections"/>, not by reflection. The test project keeps the former binder path and compares both over
/// every configuration file of the repository and generated ones (ShapedBindingEquivalenceTests).
/// </para>
/// <para>
/// What it keeps of <see cref="ConfigurationBinder"/> (10.0, checked case by case against it): keys match properties
/// case-insensitively (the file's case is checked by <see cref="SettingsSchema"/>, whose key is the
/// <see cref="ConfigurationKeyNameAttribute"/> or the camel-case name); a value is converted as its type converters do
/// (invariant culture; an empty value gives null to <c>bool?</c> and <c>double?</c>); a list is appended to and a map
/// written into, in the order of <see cref="IConfiguration.GetChildren"/> (sorted by key, numbers by value: file order for
/// lists); a property written as <c>{}</c> or <c>[]</c> binds nothing (the completion step makes it empty), while a list
/// item or map value written as <c>{}</c> or null becomes an empty settings object (a null string item stays null), and
/// an item whose binding fails is left out; an <see cref="IConfigurationSection"/> property receives its section,
/// present or not.
/// </para>
/// </remarks>
internal static class ShapedBinding
{
    /// <summary>
    /// The collection types of the settings, created without reflection: Native AOT can only create a generic
    /// instantiation the compiler saw constructed, and nothing in <see cref="Activator.CreateInstance(Type)"/> over a
    /// property's type tells it which. A new collection setting type is added here (a test checks that every collection
    /// type of the sections is).
    /// </summary>
    internal static readonly IReadOnlyDictionary<Type, Func<object>> Collections = new Dictionary<Type, Func<object>>
    {
        [typeof(List<string>)] = static () => new List<string>(),
        [typeof(List<ActionSettings>)] = static () => new List<ActionSettings>(),
        [typeof(List<SilenceSettings>)] = static () => new List<SilenceSettings>(),
        [typeof(List<TokenPriceSettings>)] = static () => new List<TokenPriceSettings>(),
        [typeof(List<GpuPriceSettings>)] = static () => new List<GpuPriceSettings>(),
        [typeof(Dictionary<string, string>)] = static () => new Dictionary<string, string>(),
        [typeof(Dictionary<string, AnomalyRuleSettings>)] = static () => new Dictionary<string, AnomalyRuleSettings>(),
        [typeof(Dictionary<string, CostTagSettings>)] = static () => new Dictionary<string, CostTagSettings>(),
        [typeof(Dictionary<string, DeploymentPricingSettings>)] = static () => new Dictionary<string, DeploymentPricingSettings>(),
        [typeof(Dictionary<string, QuotaSettings>)] = static () => new Dictionary<string, QuotaSettings>(),
        [typeof(Dictionary<string, RegressionSignalSettings>)] = static () => new Dictionary<string, RegressionSignalSettings>(),
        [typeof(Dictionary<string, RuleOverrideSettings>)] = static () => new Dictionary<string, RuleOverrideSettings>(),
        [typeof(Dictionary<string, RuleSettings>)] = static () => new Dictionary<string, RuleSettings>(),
    };

    /// <summary>
    /// Why creating a settings object from a property's type is sound in a Native AOT build: the aiobs assembly is a
    /// trimmer root there (AiObsStream.Cli.csproj), so every settings type keeps its parameterless constructor.
    /// </summary>
    private const string RootedSettings = "Settings types are non-generic classes of the aiobs assembly, which the native build roots whole.";

    /// <summary>Binds <paramref name="section"/> (with shape <paramref name="node"/>, null when absent) into <paramref name="target"/>.</summary>
    /// <param name="section">The configuration section.</param>
    /// <param name="node">Its shape, or null when the file does not have it.</param>
    /// <param name="target">The settings object.</param>
    /// <param name="atRoot">True for settings bound to the root of the file (other sections' keys are not theirs).</param>
    public static void Bind(IConfiguration section, ConfigShape? node, object target, bool atRoot = false)
    {
        if (node is null || node.Members.Count == 0)
        {
            return; // absent, {} or []: nothing to bind or complete
        }

        var problems = new List<string>();
        if (atRoot)
        {
            SettingsSchema.CheckMembers(node, target.GetType(), string.Empty, problems, reportUnknown: false);
        }
        else
        {
            SettingsSchema.Check(node, target.GetType(), string.Empty, problems);
        }

        if (problems.Count > 0)
        {
            return;
        }

        BindObject(section, target);
        Complete(section, node, target);
    }

    /// <summary>Creates an empty value of a settings property's type (a settings object or one of <see cref="Collections"/>).</summary>
    /// <exception cref="InvalidOperationException">A collection type missing from <see cref="Collections"/>.</exception>
    [UnconditionalSuppressMessage("Trimming", "IL2067", Justification = RootedSettings)]
    internal static object Create(Type type)
    {
        if (Collections.TryGetValue(type, out var create))
        {
            return create();
        }

        if (type.IsGenericType || !IsSettings(type))
        {
            throw new InvalidOperationException($"{type}: not a settings type; a collection setting type belongs in ShapedBinding.Collections");
        }

        return Activator.CreateInstance(type)!;
    }

    /// <summary>What <see cref="ConfigurationBinder.Bind(IConfiguration, object?)"/> does to a settings object.</summary>
    /// <exception cref="InvalidOperationException">A value the binder cannot convert (the binder's exception and message).</exception>
    private static void BindObject(IConfiguration config, object target)
    {
        foreach (var (_, property) in SettingsSchema.Properties(target.GetType()))
        {
            // The binder's key (case-insensitive): it names the section's Path, which its conversion errors and an
            // IConfigurationSection setting show.
            var section = config.GetSection(property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name);
            var type = property.PropertyType;
            if (type == typeof(IConfigurationSection))
            {
                property.SetValue(target, section);
            }
            else if (IsScalar(type))
            {
                if (section.Value is { } text)
                {
                    property.SetValue(target, Convert(text, type, section.Path)); // leaf values are always replaced
                }
                else if (section.GetChildren().Any())
                {
                    // An object where a scalar belongs: the binder activates the type and binds no member into it.
                    property.SetValue(target, type == typeof(string) ? throw NoString() : type == typeof(bool?) ? false : (object)0.0);
                }
            }
            else if (section.GetChildren().Any())
            {
                // A property's {} or [] has no children: it binds nothing (the completion step makes it empty).
                var value = property.GetValue(target);
                if (value is null)
                {
                    value = Create(type);
                    property.SetValue(target, value);
                }

                BindValue(section, value);
            }
        }
    }

    /// <summary>Binds the children of <paramref name="config"/> into a list, a map or a settings object.</summary>
    private static void BindValue(IConfiguration config, object value)
    {
        switch (value)
        {
            case IList list:
                var itemType = SettingsSchema.ItemType(value.GetType())!;
                foreach (var child in config.GetChildren())
                {
                    // Appended: the binder adds to a list that is already there (no settings type has a default list).
                    if (TryBindItem(child, itemType, existing: null, out var item))
                    {
                        list.Add(item);
                    }
                }

                break;
            case IDictionary map:
                var valueType = SettingsSchema.ValueType(value.GetType())!;
                foreach (var child in config.GetChildren())
                {
                    if (TryBindItem(child, valueType, map[child.Key], out var item))
                    {
                        map[child.Key] = item;
                    }
                }

                break;
            default:
                BindObject(config, value);
                break;
        }
    }

    /// <summary>
    /// A list item or map value as the binder makes it: a string (null for a JSON null or <c>{}</c>), or a settings object,
    /// created even for <c>{}</c> or null; false (left out) for what it cannot bind, as the binder leaves out an item
    /// whose binding throws.
    /// </summary>
    private static bool TryBindItem(IConfigurationSection section, Type type, object? existing, out object? item)
    {
        item = null;
        if (type == typeof(string))
        {
            item = section.Value;
            return item is not null || !section.GetChildren().Any();
        }

        if (section.Value is { Length: > 0 })
        {
            return false; // a scalar where an object belongs
        }

        try
        {
            var settings = existing ?? Create(type);
            BindObject(section, settings);
            item = settings;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static object? Convert(string text, Type type, string path)
    {
        if (type == typeof(string))
        {
            return text;
        }

        if (text.Length == 0)
        {
            return null; // an empty value gives null to a Nullable<T> (a JSON null is no value at all)
        }

        var target = Nullable.GetUnderlyingType(type)!;
        try
        {
            // The binder's converters: BooleanConverter (bool.Parse) and DoubleConverter (Float, invariant culture).
            return target == typeof(bool)
                ? bool.Parse(text)
                : double.Parse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            // Reached only through a root key in another case, which the schema check does not see (the root validator
            // names it as unknown), or in list items, which are then left out: the binder's exception and message.
            throw new InvalidOperationException($"Failed to convert configuration value '{text}' at '{path}' to type '{target}'.", ex);
        }
    }

    private static InvalidOperationException NoString() =>
        new($"Cannot create instance of type '{typeof(string)}' because it has multiple public parameterized constructors.");

    private static void Complete(IConfiguration section, ConfigShape node, object target)
    {
        foreach (var (key, property) in SettingsSchema.Properties(target.GetType()))
        {
            if (node[key] is not { } child || child.Kind is not (JsonValueKind.Object or JsonValueKind.Array))
            {
                continue;
            }

            var type = property.PropertyType;
            var value = property.GetValue(target);
            if (value is null && type != typeof(IConfigurationSection))
            {
                value = Create(type); // [] and {} bind to nothing; they mean "empty", not "absent"
                property.SetValue(target, value);
            }

            CompleteValue(section.GetSection(key), child, value);
        }
    }

    private static void CompleteValue(IConfiguration section, ConfigShape node, object? value)
    {
        switch (value)
        {
            case IList list when SettingsSchema.ItemType(value.GetType()) is { } item && IsSettings(item):
                // Rebuilt by index from the shape, so that item i is the file's item i (the indexes errors name) whatever binding left out.
                list.Clear();
                foreach (var (index, child) in node.Members)
                {
                    var instance = Create(item);
                    var itemSection = section.GetSection(index);
                    BindObject(itemSection, instance);
                    Complete(itemSection, child, instance);
                    list.Add(instance);
                }

                break;
            case IDictionary map when SettingsSchema.ValueType(value.GetType()) is { } type && IsSettings(type):
                foreach (var (name, child) in node.Members)
                {
                    var instance = map[name] ?? Create(type);
                    map[name] = instance;
                    Complete(section.GetSection(name), child, instance);
                }

                break;
            case not null when IsSettings(value.GetType()):
                Complete(section, node, value);
                break;
        }
    }

    private static bool IsScalar(Type t) => t == typeof(string) || t == typeof(bool?) || t == typeof(double?);

    private static bool IsSettings(Type t) =>
        t.IsClass && t != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(t) && t != typeof(IConfigurationSection);
}
