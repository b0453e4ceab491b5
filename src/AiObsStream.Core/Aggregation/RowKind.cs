namespace AiObsStream.Core.Aggregation;

/// <summary>Why a metric row was emitted.</summary>
public enum RowKind : byte
{
    /// <summary>First result, when the watermark passed the window's end.</summary>
    OnTime = 0,

    /// <summary>A corrected result after late records updated an already-emitted window (same RowId, higher Revision).</summary>
    Correction = 1,

    /// <summary>The final result, when the window closed (watermark passed end + allowed lateness); never changes again.</summary>
    Final = 2,
}
