using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Incidents;

/// <summary>The worst value one source reported for a signal while it fired.</summary>
internal readonly record struct SourcePeak(double Peak, double Threshold, Severity Severity, string ModelVersion);
