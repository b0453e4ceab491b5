namespace AiObsStream.Core.Simulation;

/// <summary>The simulated estate: three deployments of one Azure OpenAI account and four H100 GPUs on two nodes.</summary>
public static class SimFleet
{
    /// <summary>The main chat deployment (gpt-4o), released from <see cref="ChatProdVersion"/> to <see cref="ChatProdRelease"/>.</summary>
    public const string ChatProd = "chat-prod";

    /// <summary>The small chat deployment (gpt-4o-mini).</summary>
    public const string ChatMini = "chat-mini";

    /// <summary>The embeddings deployment.</summary>
    public const string Embed = "embed";

    /// <summary>chat-prod's model version before the release.</summary>
    public const string ChatProdVersion = "2024-08-06";

    /// <summary>chat-prod's model version after the release.</summary>
    public const string ChatProdRelease = "2024-11-20";

    /// <summary>Total framebuffer of an H100 80GB HBM3 in MiB.</summary>
    public const double FbTotalMiB = 81559;

    /// <summary>The Azure OpenAI account resource id (upper case, as AOAI exports it).</summary>
    public const string AccountResourceId =
        "/SUBSCRIPTIONS/4F1C2A7E-0B5D-4C1E-9A3B-7E2D1F0C6B8A/RESOURCEGROUPS/RG-AI-PROD/PROVIDERS/MICROSOFT.COGNITIVESERVICES/ACCOUNTS/AOAI-PROD-EASTUS2";

    /// <summary>The deployments; index 0 is chat-prod.</summary>
    public static IReadOnlyList<SimDeployment> Deployments { get; } =
    [
        new(ChatProd, "gpt-4o", ChatProdVersion, "chat-api", "ChatCompletions_Create", 3.0, 170, 5.0, 600, 45, "A"),
        new(ChatMini, "gpt-4o-mini", "2024-07-18", "support-bot", "ChatCompletions_Create", 4.0, 90, 2.5, 400, 60, "B"),
        new(Embed, "text-embedding-3-large", "1", "search-indexer", "Embeddings_Create", 5.0, 60, 0, 300, 0, "C"),
    ];

    /// <summary>The GPUs; aks-gpu-0 serves chat-prod, aks-gpu-1 serves chat-mini and embed.</summary>
    public static IReadOnlyList<SimGpu> Gpus { get; } =
    [
        new("aks-gpu-0", 0, "GPU-3a6d89bc-df24-b66e-8801-dfc455b74600", "00000000:00:07.0", "chat-prod-6c9d7f8b45-k2x7p", 0, 61200),
        new("aks-gpu-0", 1, "GPU-8f21c0d4-5e7a-4b19-a3c6-2d90e4b1f7a8", "00000000:00:08.0", "chat-prod-6c9d7f8b45-r9w4m", 0, 61200),
        new("aks-gpu-1", 0, "GPU-b4e7a912-0c3f-4d58-9e21-6a7f3c8d0b15", "00000000:00:07.0", "chat-mini-5f8b9c7d64-x2z8q", 1, 38400),
        new("aks-gpu-1", 1, "GPU-1d9c6e3a-7b24-4f80-b5a9-c0e8f2d41763", "00000000:00:08.0", "embed-7b5d9f6c48-m4n7t", 2, 22800),
    ];

    /// <summary>The GPU that the gpu-thermal incident overheats (aks-gpu-0, GPU 1).</summary>
    public const int ThermalGpu = 1;
}
