namespace AiObsStream.TestKit.Fuzz;

/// <summary>One mutated copy of a unit, with what was done to it (for failure reports and the oracle).</summary>
/// <param name="Kind">The mutation family.</param>
/// <param name="Target">The field, label or token mutated ("" when positional, e.g. a bit flip).</param>
/// <param name="Detail">What exactly was done, e.g. "bit 3 of byte 812 (0x22 → 0x2a)".</param>
/// <param name="Offset">Byte offset of the change in the original unit.</param>
/// <param name="Bytes">The mutated unit.</param>
public sealed record Mutation(MutationKind Kind, string Target, string Detail, int Offset, byte[] Bytes)
{
    /// <summary>A short description for failure messages (the bytes themselves are not printed: they may be megabytes).</summary>
    public override string ToString() => $"{Kind}({Target}) {Detail} [{Bytes.Length} bytes]";
}
