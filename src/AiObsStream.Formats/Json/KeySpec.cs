using System.Runtime.InteropServices;

namespace AiObsStream.Formats.Json;

/// <summary>What a recognised JSON key means: the field it fills, how its value is read, and its alias priority.</summary>
/// <param name="Field">The field the value fills.</param>
/// <param name="Kind">How the value is read.</param>
/// <param name="Priority">Lower wins when several aliases of one field are present in a record (0 = preferred).</param>
/// <remarks>
/// Padded to 4 bytes: as 3 bytes, a copy was written as a 2-byte and a 1-byte store and then read back as one 4-byte
/// load (to pass it in a register), which misses store forwarding once per member read (perf: about a quarter of
/// FastRecordReader.TryReadObject's time, 2-3 % of a one-deployment AOAI run, sat on that load). Copies of a 4-byte
/// struct are one 4-byte move.
/// </remarks>
[StructLayout(LayoutKind.Sequential, Size = 4)]
internal readonly record struct KeySpec(JsonField Field, FieldKind Kind, byte Priority = 0);
