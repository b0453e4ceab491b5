using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace AiObsStream.Cli.Tests.Configuration.Binding;

/// <summary>
/// A complete, deterministic text of an object graph (public properties and fields by name, collections in their order),
/// so that two settings objects or two <c>EngineOptions</c> compare by everything they hold, not by record equality
/// (which compares lists by reference).
/// </summary>
internal static class ObjectDump
{
    private const int MaxDepth = 40;

    /// <summary>The text of <paramref name="value"/>.</summary>
    public static string Of(object? value)
    {
        var text = new StringBuilder();
        Write(text, value, 0, new HashSet<object>(ReferenceEqualityComparer.Instance));
        return text.ToString();
    }

    private static void Write(StringBuilder text, object? value, int depth, HashSet<object> path)
    {
        if (depth > MaxDepth)
        {
            text.Append("...");
            return;
        }

        switch (value)
        {
            case null:
                text.Append("null");
                return;
            case string s:
                text.Append(JsonSerializer.Serialize(s));
                return;
            case double d:
                text.Append(d.ToString("R", CultureInfo.InvariantCulture));
                return;
            case float f:
                text.Append(f.ToString("R", CultureInfo.InvariantCulture));
                return;
            case IConfigurationSection section:
                text.Append("section(").Append(section.Path).Append('=').Append(section.Value ?? "null").Append(')');
                return;
            case Delegate or Type or MemberInfo:
                text.Append(value.GetType().Name);
                return;
            case Enum or bool or char:
                text.Append(value);
                return;
            case IFormattable formattable when value.GetType().IsPrimitive || value is decimal or TimeSpan or DateTime or DateTimeOffset or Guid:
                text.Append(formattable.ToString(null, CultureInfo.InvariantCulture));
                return;
        }

        var type = value.GetType();
        if (!type.IsValueType && !path.Add(value))
        {
            text.Append("(cycle)");
            return;
        }

        try
        {
            if (value is IDictionary map)
            {
                text.Append('{');
                foreach (DictionaryEntry entry in map)
                {
                    Write(text, entry.Key, depth + 1, path);
                    text.Append(": ");
                    Write(text, entry.Value, depth + 1, path);
                    text.Append(", ");
                }

                text.Append('}');
            }
            else if (value is IEnumerable items)
            {
                text.Append('[');
                foreach (var item in items)
                {
                    Write(text, item, depth + 1, path);
                    text.Append(", ");
                }

                text.Append(']');
            }
            else
            {
                text.Append(type.Name).Append(" { ");
                foreach (var member in type.GetMembers(BindingFlags.Public | BindingFlags.Instance).OrderBy(m => m.Name, StringComparer.Ordinal))
                {
                    if (member is PropertyInfo { CanRead: true } property && property.GetIndexParameters().Length == 0)
                    {
                        text.Append(member.Name).Append(" = ");
                        try
                        {
                            Write(text, property.GetValue(value), depth + 1, path);
                        }
                        catch (TargetInvocationException ex)
                        {
                            text.Append("throws ").Append(ex.InnerException?.GetType().Name);
                        }

                        text.Append(", ");
                    }
                    else if (member is FieldInfo field)
                    {
                        text.Append(member.Name).Append(" = ");
                        Write(text, field.GetValue(value), depth + 1, path);
                        text.Append(", ");
                    }
                }

                text.Append('}');
            }
        }
        finally
        {
            if (!type.IsValueType)
            {
                path.Remove(value);
            }
        }
    }
}
