using System.Globalization;
using System.Text;

namespace AiObsStream.TestKit.Fuzz;

/// <summary>
/// Deterministic hostile-input generator for the mutation fuzz tests (issue #10 §7): given a unit (a JSON body or log
/// line, a Prometheus line or exposition), returns a mutated copy and says exactly what was changed.
/// </summary>
/// <remarks>
/// Every choice (which occurrence of a field, which byte, which bit) comes from one <see cref="Random"/> seeded by the
/// caller, so a failing case is reproduced from its seed alone. Methods return null when the unit has no such target
/// (the caller skips the case). Field-targeted mutations work on the text, not a parsed tree, because the input may
/// already be hostile and because a parser must not be the oracle of its own test.
/// </remarks>
public sealed partial class Mutator
{
    /// <summary>A 400-digit number: no double holds it exactly; as a double it overflows to infinity.</summary>
    public static readonly string HugeDigits = "1" + new string('7', 399);

    private readonly Random _random;

    /// <summary>Creates a mutator whose choices are fixed by <paramref name="seed"/>.</summary>
    public Mutator(int seed) => _random = new Random(seed);

    /// <summary>Flips one random bit of one byte outside [<paramref name="protectStart"/>, +<paramref name="protectLength"/>).</summary>
    public Mutation BitFlip(byte[] unit, int protectStart = 0, int protectLength = 0)
    {
        ArgumentNullException.ThrowIfNull(unit);
        int at;
        do
        {
            at = _random.Next(unit.Length);
        }
        while (protectLength > 0 && at >= protectStart && at < protectStart + protectLength && unit.Length > protectLength);

        var bit = _random.Next(8);
        var bytes = (byte[])unit.Clone();
        bytes[at] ^= (byte)(1 << bit);
        return new Mutation(MutationKind.BitFlip, "", Invariant($"bit {bit} of byte {at} (0x{unit[at]:x2} → 0x{bytes[at]:x2})"), at, bytes);
    }

    /// <summary>Cuts the unit at a random byte (keeps at least one byte, drops at least one).</summary>
    public Mutation Truncate(byte[] unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var keep = 1 + _random.Next(Math.Max(1, unit.Length - 1));
        return new Mutation(MutationKind.Truncate, "", Invariant($"cut to {keep} of {unit.Length} bytes"), keep, unit[..keep]);
    }

    /// <summary>Replaces the value of a random occurrence of <paramref name="key"/> with <paramref name="valueText"/>.</summary>
    public Mutation? ReplaceValue(byte[] unit, string key, string valueText, MutationKind kind)
    {
        var field = Pick(unit, key, stringOnly: false);
        if (field is not { } f)
        {
            return null;
        }

        var value = Encoding.UTF8.GetBytes(valueText);
        var shown = valueText.Length > 40 ? valueText[..20] + "…(" + valueText.Length.ToString(CultureInfo.InvariantCulture) + " chars)" : valueText;
        return new Mutation(kind, key, $"{Excerpt(unit, f)} → {shown}", f.ValueStart, Splice(unit, f.ValueStart, f.ValueEnd, value));
    }

    /// <summary>Wraps the value of <paramref name="key"/> in <paramref name="depth"/> nested arrays.</summary>
    public Mutation? NestValue(byte[] unit, string key, int depth)
    {
        var field = Pick(unit, key, stringOnly: false);
        if (field is not { } f)
        {
            return null;
        }

        var nested = new byte[(depth * 2) + (f.ValueEnd - f.ValueStart)];
        nested.AsSpan(0, depth).Fill((byte)'[');
        unit.AsSpan(f.ValueStart, f.ValueEnd - f.ValueStart).CopyTo(nested.AsSpan(depth));
        nested.AsSpan(nested.Length - depth).Fill((byte)']');
        return new Mutation(MutationKind.DeepNesting, key, Invariant($"value wrapped in {depth} arrays"), f.ValueStart,
            Splice(unit, f.ValueStart, f.ValueEnd, nested));
    }

    /// <summary>Inserts an extra field <c>"fz_nest":[[[…]]]</c> of <paramref name="depth"/> levels before <paramref name="key"/>.</summary>
    public Mutation? NestExtraField(byte[] unit, string key, int depth)
    {
        var field = Pick(unit, key, stringOnly: false);
        if (field is not { } f)
        {
            return null;
        }

        var extra = Encoding.UTF8.GetBytes("\"fz_nest\":" + new string('[', depth) + new string(']', depth) + ",");
        return new Mutation(MutationKind.DeepNesting, "fz_nest", Invariant($"unknown field of {depth} nested arrays before {key}"),
            f.KeyStart, Splice(unit, f.KeyStart, f.KeyStart, extra));
    }

    /// <summary>Inserts <paramref name="bytes"/> in the middle of the string value of <paramref name="key"/>.</summary>
    public Mutation? InsertIntoString(byte[] unit, string key, byte[] bytes, MutationKind kind)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var field = Pick(unit, key, stringOnly: true);
        if (field is not { } f)
        {
            return null;
        }

        var at = f.ValueStart + 1 + _random.Next(f.ValueEnd - f.ValueStart - 1);
        return new Mutation(kind, key, $"{Convert.ToHexString(bytes)} inserted in {Excerpt(unit, f)}", at, Splice(unit, at, at, bytes));
    }

    /// <summary>Replaces the string value of <paramref name="key"/> by a string of <paramref name="length"/> ASCII letters.</summary>
    public Mutation? HugeString(byte[] unit, string key, int length)
    {
        var field = Pick(unit, key, stringOnly: true);
        if (field is not { } f)
        {
            return null;
        }

        var value = new byte[length + 2];
        value.AsSpan().Fill((byte)'x');
        value[0] = value[^1] = (byte)'"';
        return new Mutation(MutationKind.HugeString, key, Invariant($"{Excerpt(unit, f)} → {length:N0}-byte string"), f.ValueStart,
            Splice(unit, f.ValueStart, f.ValueEnd, value));
    }

    /// <summary>Writes the field <paramref name="key"/> twice (same value), the copy first.</summary>
    public Mutation? DuplicateField(byte[] unit, string key)
    {
        var field = Pick(unit, key, stringOnly: false);
        if (field is not { } f)
        {
            return null;
        }

        var copy = new byte[f.ValueEnd - f.KeyStart + 1];
        unit.AsSpan(f.KeyStart, f.ValueEnd - f.KeyStart).CopyTo(copy);
        copy[^1] = (byte)',';
        return new Mutation(MutationKind.DuplicateField, key, "written twice: " + Excerpt(unit, f), f.KeyStart,
            Splice(unit, f.KeyStart, f.KeyStart, copy));
    }

    /// <summary>Removes the field <paramref name="key"/> (and the comma that separated it).</summary>
    public Mutation? RemoveField(byte[] unit, string key)
    {
        var field = Pick(unit, key, stringOnly: false);
        if (field is not { } f)
        {
            return null;
        }

        var start = f.KeyStart;
        var end = f.ValueEnd;
        var after = end;
        while (after < unit.Length && unit[after] == (byte)' ')
        {
            after++;
        }

        if (after < unit.Length && unit[after] == (byte)',')
        {
            end = after + 1; // "k":v, → (next field follows)
        }
        else
        {
            var before = start - 1;
            while (before >= 0 && unit[before] == (byte)' ')
            {
                before--;
            }

            if (before >= 0 && unit[before] == (byte)',')
            {
                start = before; // ,"k":v} → }
            }
        }

        return new Mutation(MutationKind.RemoveField, key, "removed: " + Excerpt(unit, f), f.KeyStart, Splice(unit, start, end, []));
    }

    /// <summary>A random element of <paramref name="choices"/> (from this mutator's seed).</summary>
    public T Choose<T>(IReadOnlyList<T> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        return choices[_random.Next(choices.Count)];
    }

    private JsonFieldSpan? Pick(byte[] unit, string key, bool stringOnly)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var all = JsonFieldLocator.Find(unit, key);
        if (stringOnly)
        {
            all.RemoveAll(f => !f.IsString(unit));
        }

        return all.Count == 0 ? null : all[_random.Next(all.Count)];
    }

    private static byte[] Splice(byte[] unit, int start, int end, ReadOnlySpan<byte> insert)
    {
        var bytes = new byte[unit.Length - (end - start) + insert.Length];
        unit.AsSpan(0, start).CopyTo(bytes);
        insert.CopyTo(bytes.AsSpan(start));
        unit.AsSpan(end).CopyTo(bytes.AsSpan(start + insert.Length));
        return bytes;
    }

    private static string Excerpt(byte[] unit, JsonFieldSpan f)
    {
        var length = Math.Min(f.ValueEnd - f.KeyStart, 60);
        return Encoding.UTF8.GetString(unit, f.KeyStart, length);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
