namespace AiObsStream.Core.Events;

/// <summary>The value of a <see cref="SeriesDims"/> before interning (no allocation to build or compare).</summary>
/// <param name="Source">The source stream.</param>
/// <param name="Deployment">Deployment name or empty.</param>
/// <param name="ModelName">Model name or empty.</param>
/// <param name="ModelVersion">Model version or empty.</param>
/// <param name="Operation">Operation or empty.</param>
/// <param name="Resource">Resource id or empty.</param>
/// <param name="Host">Host or empty.</param>
/// <param name="Gpu">GPU id or empty.</param>
/// <param name="OtherDims">The remaining dimensions in canonical form (<see cref="SeriesDims.OtherDims"/>) or empty.</param>
public readonly record struct DimsKey(
    TelemetrySource Source,
    string Deployment,
    string ModelName,
    string ModelVersion,
    string Operation,
    string Resource,
    string Host,
    string Gpu,
    string OtherDims = "");
