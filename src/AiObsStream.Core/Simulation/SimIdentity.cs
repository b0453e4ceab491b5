namespace AiObsStream.Core.Simulation;

/// <summary>A simulated Entra identity (managed identity or service principal) as its token claims show it.</summary>
/// <param name="ObjectId">The <c>oid</c> claim.</param>
/// <param name="AppId">The <c>appid</c> claim.</param>
/// <param name="CallerIp">The caller IP its requests come from.</param>
/// <param name="ReadsPerMinute">Its usual secret reads per minute (0: reads only at startup).</param>
/// <param name="Secrets">The secrets it reads.</param>
public sealed record SimIdentity(string ObjectId, string AppId, string CallerIp, double ReadsPerMinute, IReadOnlyList<string> Secrets);
