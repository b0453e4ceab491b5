using AiObsStream.Formats.Prometheus;

namespace AiObsStream.Formats.Tests.Prometheus;

public class KubernetesNamesTests
{
    [Theory]
    [InlineData("chat-prod-7d9f", "chat-prod")]
    [InlineData("vllm-gpt-5c8d9f7b6-x2x7q", "vllm-gpt")]
    [InlineData("vllm-gpt-5c8d9f7b6-bcdfg", "vllm-gpt")]
    [InlineData("vllm-0", "vllm")]
    [InlineData("vllm-gpt-12", "vllm-gpt")]
    [InlineData("web-3862190562-x2x7q", "web")]
    [InlineData("dcgm-exporter-x7k2p", "dcgm-exporter")]
    [InlineData("node-agent-bcdfg", "node-agent")]
    [InlineData("chat-prod", "chat-prod")]
    [InlineData("inference", "inference")]
    [InlineData("api-gateway", "api-gateway")]
    [InlineData("my-service-proxy", "my-service-proxy")]
    [InlineData("7d9f", "7d9f")]
    [InlineData("-7d9f", "-7d9f")]
    [InlineData("chat-", "chat-")]
    [InlineData("", "")]
    public void DeploymentFromPod_PodName_StripsGeneratedSuffixes(string pod, string expected)
    {
        Assert.Equal(expected, KubernetesNames.DeploymentFromPod(pod.AsSpan()).ToString());
        Assert.Equal(expected, KubernetesNames.DeploymentFromPod(pod));
    }

    [Fact]
    public void DeploymentFromPod_NothingStripped_ReturnsSameInstance()
    {
        const string pod = "inference-server";
        Assert.Same(pod, KubernetesNames.DeploymentFromPod(pod));
    }

    [Fact]
    public void DeploymentFromPod_Null_ReturnsEmpty()
    {
        Assert.Equal(string.Empty, KubernetesNames.DeploymentFromPod((string?)null));
    }
}
