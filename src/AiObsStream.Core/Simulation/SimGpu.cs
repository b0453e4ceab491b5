namespace AiObsStream.Core.Simulation;

/// <summary>One simulated GPU and the deployment whose pod runs on it.</summary>
/// <param name="Host">Node name (dcgm-exporter Hostname label).</param>
/// <param name="Index">GPU index on the node.</param>
/// <param name="Uuid">GPU UUID.</param>
/// <param name="PciBusId">PCI bus id.</param>
/// <param name="Pod">Pod name (Deployment-style, so the parser derives the deployment).</param>
/// <param name="Deployment">Index into <see cref="SimFleet.Deployments"/>.</param>
/// <param name="FbUsedMiB">Framebuffer memory held by the model server.</param>
public sealed record SimGpu(string Host, int Index, string Uuid, string PciBusId, string Pod, int Deployment, double FbUsedMiB);
