namespace AiObsStream.Pipeline.Diagnostics;

/// <summary>The two health probes a service listener answers (<c>/healthz</c> and <c>/readyz</c>).</summary>
/// <remarks>Called from the listener's task at probe time: implementations read state other threads write.</remarks>
public interface IServiceHealth
{
    /// <summary>The liveness probe: fails only when a restart would help (the process itself is broken).</summary>
    HealthReport Live();

    /// <summary>The readiness probe: fails while the service is behind, stuck or cannot deliver, with the reasons.</summary>
    HealthReport Ready();
}
