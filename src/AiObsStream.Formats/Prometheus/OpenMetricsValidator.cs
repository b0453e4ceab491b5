using System.Text;

namespace AiObsStream.Formats.Prometheus;

/// <summary>
/// Checks the rules of OpenMetrics 1.0 that span lines: metadata (once per family, before its samples, no name
/// clashes, empty unit for info and stateset), contiguous families and metrics, sample names per type, value rules per
/// type, label rules (<c>le</c>, <c>quantile</c>, stateset label), exemplar placement, timestamp order and histogram
/// consistency.
/// </summary>
/// <remarks>
/// One instance per parser; <see cref="Begin"/> starts an exposition. Families are kept in a dictionary looked up by
/// the name's characters (no string per line) and reused across expositions by generation, so repeated scrapes of the
/// same families allocate nothing. Series and metrics are tracked by 64-bit FNV-1a hashes of name and labels.
/// Not thread-safe. Each error message names the rule, as the specification states it.
/// </remarks>
internal sealed partial class OpenMetricsValidator
{
    /// <summary>Families remembered across expositions before the table is cleared (bounds memory).</summary>
    private const int MaxFamilies = 4096;

    private static readonly (byte[] Suffix, SampleRole Role)[] Suffixes =
    [
        ("_total"u8.ToArray(), SampleRole.Total), ("_created"u8.ToArray(), SampleRole.Created),
        ("_count"u8.ToArray(), SampleRole.Count), ("_sum"u8.ToArray(), SampleRole.Sum),
        ("_bucket"u8.ToArray(), SampleRole.Bucket), ("_gcount"u8.ToArray(), SampleRole.GaugeCount),
        ("_gsum"u8.ToArray(), SampleRole.GaugeSum), ("_info"u8.ToArray(), SampleRole.Info),
    ];

    private readonly Dictionary<string, OpenMetricsFamily> _families = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OpenMetricsFamily>.AlternateLookup<ReadOnlySpan<char>> _byChars;
    private int _generation;
    private OpenMetricsFamily? _current;

    public OpenMetricsValidator()
    {
        _byChars = _families.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Starts a new exposition.</summary>
    public void Begin()
    {
        if (_families.Count > MaxFamilies)
        {
            _families.Clear();
        }

        _generation++;
        _current = null;
        ResetFamilyState();
    }

    /// <summary>Checks a <c># TYPE</c>, <c># HELP</c> or <c># UNIT</c> line for <paramref name="name"/>.</summary>
    /// <param name="keyword">The first byte of the keyword: <c>T</c>, <c>H</c> or <c>U</c>.</param>
    /// <param name="name">The family name.</param>
    /// <param name="argument">The type (TYPE) or unit (UNIT); ignored for HELP.</param>
    /// <param name="error">The rule broken.</param>
    public bool TryMetadata(byte keyword, ReadOnlySpan<byte> name, ReadOnlySpan<byte> argument, out string? error)
    {
        error = null;
        var family = Find(name);
        if (family is null)
        {
            family = Add(name);
            if (ClashesAsSample(name, out var owner))
            {
                return Error(out error, $"family '{family.Name}' clashes with a sample name of {Describe(owner)} (names must not clash)");
            }
        }
        else if (family.Started || family != _current)
        {
            return Error(out error, $"metadata for family '{family.Name}' after its samples or after another family (metadata comes first, families are not interleaved)");
        }

        SwitchTo(family);
        return keyword switch
        {
            (byte)'T' => TrySetType(family, argument, out error),
            (byte)'U' => TrySetUnit(family, argument, out error),
            _ => family.HasHelp
                ? Error(out error, $"repeated HELP for family '{family.Name}' (at most one of each metadata line)")
                : family.HasHelp = true,
        };
    }

    /// <summary>Ends the exposition at <c># EOF</c>: checks the last metric point.</summary>
    public bool TryFinish(out string? error)
    {
        error = null;
        return _current is null || TryCompletePoint(_current, out error);
    }

    private bool TrySetType(OpenMetricsFamily family, ReadOnlySpan<byte> type, out string? error)
    {
        error = null;
        if (family.HasType)
        {
            return Error(out error, $"repeated TYPE for family '{family.Name}' (at most one of each metadata line)");
        }

        family.HasType = true;
        family.Type = ParseType(type);
        if (family.NonEmptyUnit && family.Type is OpenMetricsType.Info or OpenMetricsType.StateSet)
        {
            return Error(out error, $"{Describe(family)} must have an empty UNIT");
        }

        // A counter 'a' owns 'a_total' and 'a_created': a family already called so would clash.
        foreach (var (suffix, role) in Suffixes)
        {
            if (Allows(family.Type, role) && FindConcat(family.Utf8, suffix) is { } other)
            {
                return Error(out error, $"{Describe(family)} would produce samples named '{other.Name}', which is another family (names must not clash)");
            }
        }

        return true;
    }

    private static bool TrySetUnit(OpenMetricsFamily family, ReadOnlySpan<byte> unit, out string? error)
    {
        error = null;
        if (family.HasUnit)
        {
            return Error(out error, $"repeated UNIT for family '{family.Name}' (at most one of each metadata line)");
        }

        family.HasUnit = true;
        family.NonEmptyUnit = !unit.IsEmpty;
        return !family.NonEmptyUnit || family.Type is not (OpenMetricsType.Info or OpenMetricsType.StateSet)
            || Error(out error, $"{Describe(family)} must have an empty UNIT");
    }

    /// <summary>Finds the family a sample belongs to (creating an untyped one for an unknown name).</summary>
    private bool TryResolve(ReadOnlySpan<byte> name, out OpenMetricsFamily family, out SampleRole role, out string? error)
    {
        error = null;
        if (_current is not null && Belongs(_current, name, out role))
        {
            family = _current;
            return true;
        }

        var exact = Find(name);
        if (exact is not null && Belongs(exact, name, out role))
        {
            family = exact;
            return Switch(family, out error);
        }

        foreach (var (suffix, _) in Suffixes)
        {
            if (name.Length > suffix.Length && name.EndsWith(suffix) && Find(name[..^suffix.Length]) is { } owner
                && Belongs(owner, name, out role))
            {
                family = owner;
                return Switch(family, out error);
            }
        }

        if (exact is not null)
        {
            family = exact;
            role = SampleRole.Plain;
            return Error(out error, $"sample '{Encoding.UTF8.GetString(name)}' is not a valid sample name for {Describe(exact)}");
        }

        family = Add(name);
        role = SampleRole.Plain;
        return Switch(family, out error);
    }

    private bool Switch(OpenMetricsFamily family, out string? error)
    {
        error = null;
        if (family == _current)
        {
            return true;
        }

        if (family.Closed)
        {
            return Error(out error, $"samples of family '{family.Name}' are interleaved with another family (families must be contiguous)");
        }

        return SwitchTo(family, out error);
    }

    private void SwitchTo(OpenMetricsFamily family) => SwitchTo(family, out _);

    private bool SwitchTo(OpenMetricsFamily family, out string? error)
    {
        error = null;
        if (family == _current)
        {
            return true;
        }

        var ok = _current is null || TryCompletePoint(_current, out error);
        if (_current is not null)
        {
            _current.Closed = true;
        }

        _current = family;
        ResetFamilyState();
        return ok;
    }

    /// <summary>Whether <paramref name="name"/> is a possible sample name of another live family.</summary>
    private bool ClashesAsSample(ReadOnlySpan<byte> name, out OpenMetricsFamily owner)
    {
        foreach (var (suffix, _) in Suffixes)
        {
            if (name.Length > suffix.Length && name.EndsWith(suffix) && Find(name[..^suffix.Length]) is { } candidate
                && Belongs(candidate, name, out _))
            {
                owner = candidate;
                return true;
            }
        }

        owner = null!;
        return false;
    }

    private static bool Belongs(OpenMetricsFamily family, ReadOnlySpan<byte> name, out SampleRole role)
    {
        role = SampleRole.Plain;
        var familyName = family.Utf8;
        if (!name.StartsWith(familyName))
        {
            return false;
        }

        var suffix = name[familyName.Length..];
        if (suffix.IsEmpty)
        {
            return Allows(family.Type, SampleRole.Plain);
        }

        foreach (var (candidate, candidateRole) in Suffixes)
        {
            if (suffix.SequenceEqual(candidate))
            {
                role = candidateRole;
                return Allows(family.Type, role);
            }
        }

        return false;
    }

    private static bool Allows(OpenMetricsType type, SampleRole role) => (type, role) switch
    {
        (OpenMetricsType.Unknown or OpenMetricsType.Gauge or OpenMetricsType.StateSet, SampleRole.Plain) => true,
        (OpenMetricsType.Counter, SampleRole.Total or SampleRole.Created) => true,
        (OpenMetricsType.Info, SampleRole.Info) => true,
        (OpenMetricsType.Histogram, SampleRole.Bucket or SampleRole.Count or SampleRole.Sum or SampleRole.Created) => true,
        (OpenMetricsType.GaugeHistogram, SampleRole.Bucket or SampleRole.GaugeCount or SampleRole.GaugeSum) => true,
        (OpenMetricsType.Summary, SampleRole.Plain or SampleRole.Count or SampleRole.Sum or SampleRole.Created) => true,
        _ => false,
    };

    private static OpenMetricsType ParseType(ReadOnlySpan<byte> type) => type switch
    {
        _ when type.SequenceEqual("gauge"u8) => OpenMetricsType.Gauge,
        _ when type.SequenceEqual("counter"u8) => OpenMetricsType.Counter,
        _ when type.SequenceEqual("stateset"u8) => OpenMetricsType.StateSet,
        _ when type.SequenceEqual("info"u8) => OpenMetricsType.Info,
        _ when type.SequenceEqual("histogram"u8) => OpenMetricsType.Histogram,
        _ when type.SequenceEqual("gaugehistogram"u8) => OpenMetricsType.GaugeHistogram,
        _ when type.SequenceEqual("summary"u8) => OpenMetricsType.Summary,
        _ => OpenMetricsType.Unknown,
    };

    private static string Describe(OpenMetricsFamily family) =>
        $"{family.Type.ToString().ToLowerInvariant()} family '{family.Name}'";

    private OpenMetricsFamily? FindConcat(byte[] name, byte[] suffix)
    {
        var length = name.Length + suffix.Length;
        Span<byte> joined = length <= 256 ? stackalloc byte[length] : new byte[length];
        name.CopyTo(joined);
        suffix.CopyTo(joined[name.Length..]);
        return Find(joined);
    }

    private OpenMetricsFamily? Find(ReadOnlySpan<byte> name)
    {
        var family = Lookup(name);
        return family is not null && family.Generation == _generation ? family : null;
    }

    /// <summary>The family object for a name, live or from an earlier exposition (reused: no string per scrape).</summary>
    private OpenMetricsFamily? Lookup(ReadOnlySpan<byte> name)
    {
        // Metric names are ASCII (checked by the line parser), so a byte is a char.
        Span<char> chars = name.Length <= 128 ? stackalloc char[name.Length] : new char[name.Length];
        for (var i = 0; i < name.Length; i++)
        {
            chars[i] = (char)name[i];
        }

        return _byChars.TryGetValue(chars, out var family) ? family : null;
    }

    private OpenMetricsFamily Add(ReadOnlySpan<byte> name)
    {
        var family = Lookup(name);
        if (family is null)
        {
            var key = Encoding.ASCII.GetString(name);
            family = new OpenMetricsFamily(key);
            _families.Add(key, family);
        }

        family.Begin(_generation);
        return family;
    }

    private static bool Error(out string? error, string message)
    {
        error = message;
        return false;
    }
}
