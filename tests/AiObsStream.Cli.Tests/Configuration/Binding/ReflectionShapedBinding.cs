using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using AiObsStream.Cli.Configuration;
using Microsoft.Extensions.Configuration;

namespace AiObsStream.Cli.Tests.Configuration.Binding;

/// <summary>
/// The binding path of main before #12's native configuration binding (6cbd801, then ShapedBinding): the reflection-based
/// <see cref="ConfigurationBinder"/>, then the same completion step. Kept as the reference the new binder is compared with
/// (<see cref="ShapedBindingEquivalenceTests"/>); JIT only.
/// </summary>
internal static class ReflectionShapedBinding
{
    private const string NotInNativeBuild = "Test code: never compiled into the native binary.";

    /// <summary>Binds <paramref name="section"/> (with shape <paramref name="node"/>, null when absent) into <paramref name="target"/>.</summary>
    /// <param name="section">The configuration section.</param>
    /// <param name="node">Its shape, or null when the file does not have it.</param>
    /// <param name="target">The settings object.</param>
    /// <param name="atRoot">True for settings bound to the root of the file (other sections' keys are not theirs).</param>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = NotInNativeBuild)]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = NotInNativeBuild)]
    public static void Bind(IConfiguration section, ConfigShape? node, object target, bool atRoot = false)
    {
        if (node is null || node.Members.Count == 0)
        {
            // Absent, {} or []: nothing to bind or complete. The file's root is an empty object when there is no file,
            // which keeps a run without one (the only kind a Native AOT build accepts) free of reflection.
            return;
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

        section.Bind(target);
        Complete(section, node, target);
    }

    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = NotInNativeBuild)]
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
                value = Activator.CreateInstance(type)!; // [] and {} bind to nothing; they mean "empty", not "absent"
                property.SetValue(target, value);
            }

            CompleteValue(section.GetSection(key), child, value);
        }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = NotInNativeBuild)]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = NotInNativeBuild)]
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = NotInNativeBuild)]
    private static void CompleteValue(IConfiguration section, ConfigShape node, object? value)
    {
        switch (value)
        {
            case IList list when SettingsSchema.ItemType(value.GetType()) is { } item && IsSettings(item):
                // Rebuilt by index: the binder drops items written as {} and so would shift the indexes errors name.
                list.Clear();
                foreach (var (index, child) in node.Members)
                {
                    var instance = Activator.CreateInstance(item)!;
                    var itemSection = section.GetSection(index);
                    itemSection.Bind(instance);
                    Complete(itemSection, child, instance);
                    list.Add(instance);
                }

                break;
            case IDictionary map when SettingsSchema.ValueType(value.GetType()) is { } type && IsSettings(type):
                foreach (var (name, child) in node.Members)
                {
                    var instance = map[name] ?? Activator.CreateInstance(type)!;
                    map[name] = instance;
                    Complete(section.GetSection(name), child, instance);
                }

                break;
            case not null when IsSettings(value.GetType()):
                Complete(section, node, value);
                break;
        }
    }

    private static bool IsSettings(Type t) =>
        t.IsClass && t != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(t) && t != typeof(IConfigurationSection);
}
