using AiObsStream.Core.Events;

namespace AiObsStream.Core.Cost;

/// <summary>The identity of one cost row: window, source, deployment and model version.</summary>
internal readonly record struct CostKey(long WindowStartMs, long WindowEndMs, TelemetrySource Source, string Deployment, string ModelVersion);
