using System.Reflection;
using AiObsStream.Cli.Configuration;
using Microsoft.Extensions.Configuration;

namespace AiObsStream.Cli.Tests.Configuration.Binding;

/// <summary>
/// What the binder that needs no dynamic code relies on (#12): declaration order from <c>GetProperties</c>, and an empty
/// value for every property type of every settings type, made without <c>MakeGenericType</c>.
/// </summary>
public sealed class SettingsTypesTests
{
    /// <summary>Every settings type reachable from the sections.</summary>
    public static TheoryData<Type> SettingsTypes()
    {
        var seen = new List<Type>();
        var pending = new Queue<Type>(ConfigGenerator.Sections.Select(s => s.Type));
        while (pending.TryDequeue(out var type))
        {
            if (seen.Contains(type))
            {
                continue;
            }

            seen.Add(type);
            foreach (var (_, property) in SettingsSchema.Properties(type))
            {
                var t = property.PropertyType;
                var inner = SettingsSchema.ItemType(t) ?? SettingsSchema.ValueType(t) ?? t;
                if (inner.IsClass && inner != typeof(string) && inner != typeof(IConfigurationSection))
                {
                    pending.Enqueue(inner);
                }
            }
        }

        var data = new TheoryData<Type>();
        foreach (var type in seen)
        {
            data.Add(type);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SettingsTypes))]
    public void Properties_AreInDeclarationOrder(Type type)
    {
        // Native AOT has no metadata tokens; the order the unknown-setting messages list is GetProperties' order there.
        var declared = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).OrderBy(p => p.MetadataToken).Select(p => p.Name);

        Assert.Equal(declared, SettingsSchema.Properties(type).Select(p => p.Value.Name));
    }

    [Theory]
    [MemberData(nameof(SettingsTypes))]
    public void EveryPropertyType_IsScalarOrCreatable(Type type)
    {
        Assert.IsType(type, ShapedBinding.Create(type));
        foreach (var (key, property) in SettingsSchema.Properties(type))
        {
            var t = property.PropertyType;
            if (t == typeof(string) || t == typeof(bool?) || t == typeof(double?) || t == typeof(IConfigurationSection))
            {
                continue;
            }

            Assert.True(!t.IsGenericType || ShapedBinding.Collections.ContainsKey(t), $"{type.Name}.{key}: {t} is missing from ShapedBinding.Collections");
            Assert.IsType(t, ShapedBinding.Create(t));
        }
    }

    [Fact]
    public void Create_AnUnlistedCollection_NamesTheTable()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => ShapedBinding.Create(typeof(List<int>)));

        Assert.Contains("ShapedBinding.Collections", ex.Message, StringComparison.Ordinal);
    }
}
