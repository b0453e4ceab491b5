using AiObsStream.Core.Events;

namespace AiObsStream.Core.State;

/// <summary>
/// Shared helpers for checkpointing engine state with <see cref="BinaryWriter"/> / <see cref="BinaryReader"/>
/// (little-endian, UTF-8 strings). Every stateful component writes itself with <c>SaveState(BinaryWriter)</c> and
/// restores into a freshly constructed instance (same options) with <c>RestoreState(BinaryReader)</c>; each writes a
/// section tag and version first so a mismatched checkpoint fails with a clear message instead of garbage.
/// </summary>
/// <remarks>
/// Doubles are written as their IEEE bits (<see cref="BinaryWriter.Write(double)"/> is exact), so a restored detector
/// produces bit-identical results. Dimensions are written as their string values and re-interned through
/// <see cref="DimsPool.Shared"/> on restore.
/// </remarks>
public static class StateIo
{
    /// <summary>Set in the source byte of written dimensions when <see cref="SeriesDims.OtherDims"/> follows.</summary>
    private const byte OtherDimsFlag = 0x40;

    /// <summary>Writes a section header: a four-character tag and a format version.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="tag">Exactly four ASCII characters naming the component (for example <c>"RULE"</c>).</param>
    /// <param name="version">The component's state format version.</param>
    public static void WriteHeader(BinaryWriter writer, string tag, byte version)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(tag);
        if (tag.Length != 4)
        {
            throw new ArgumentException("a state tag has exactly four characters", nameof(tag));
        }

        writer.Write(tag.AsSpan());
        writer.Write(version);
    }

    /// <summary>Reads and checks a section header written by <see cref="WriteHeader"/>.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="tag">The expected tag.</param>
    /// <param name="version">The expected version.</param>
    /// <exception cref="InvalidDataException">The tag or version differs.</exception>
    public static void ReadHeader(BinaryReader reader, string tag, byte version)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var found = new string(reader.ReadChars(4));
        if (found != tag)
        {
            throw new InvalidDataException($"checkpoint section '{found}' found where '{tag}' was expected");
        }

        var v = reader.ReadByte();
        if (v != version)
        {
            throw new InvalidDataException($"checkpoint section '{tag}' has format version {v}; this build reads version {version}");
        }
    }

    /// <summary>Writes dimensions (null allowed).</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="dims">The dimensions or null.</param>
    public static void WriteDims(BinaryWriter writer, SeriesDims? dims)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (dims is null)
        {
            writer.Write((byte)0xFF);
            return;
        }

        // Bit 0x40 of the source byte says OtherDims follows: checkpoints of series without other dimensions are
        // byte-identical to the format before the field existed, and those are read unchanged (no version bump).
        var hasOther = dims.OtherDims.Length > 0;
        writer.Write((byte)((byte)dims.Source | (hasOther ? OtherDimsFlag : 0)));
        writer.Write(dims.Deployment);
        writer.Write(dims.ModelName);
        writer.Write(dims.ModelVersion);
        writer.Write(dims.Operation);
        writer.Write(dims.Resource);
        writer.Write(dims.Host);
        writer.Write(dims.Gpu);
        if (hasOther)
        {
            writer.Write(dims.OtherDims);
        }
    }

    /// <summary>Reads dimensions written by <see cref="WriteDims"/>, interned in <see cref="DimsPool.Shared"/>.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The dimensions or null.</returns>
    public static SeriesDims? ReadDims(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var source = reader.ReadByte();
        if (source == 0xFF)
        {
            return null;
        }

        var hasOther = (source & OtherDimsFlag) != 0;
        var key = new DimsKey((TelemetrySource)(source & ~OtherDimsFlag), reader.ReadString(), reader.ReadString(),
            reader.ReadString(), reader.ReadString(), reader.ReadString(), reader.ReadString(), reader.ReadString());
        if (hasOther)
        {
            key = key with { OtherDims = reader.ReadString() };
        }

        return DimsPool.Shared.Intern(in key);
    }

    /// <summary>Writes a nullable string.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The string or null.</param>
    public static void WriteNullable(BinaryWriter writer, string? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    /// <summary>Reads a string written by <see cref="WriteNullable"/>.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The string or null.</returns>
    public static string? ReadNullable(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return reader.ReadBoolean() ? reader.ReadString() : null;
    }
}
