namespace AiObsStream.SrCnn.Trainer;

/// <summary>How the network parameters are updated.</summary>
internal enum OptimizerKind
{
    /// <summary>SGD with momentum 0.9 (PyTorch form v = μv + g, p −= lr·v), as the reference.</summary>
    SgdMomentum,

    /// <summary>Adam (β1 0.9, β2 0.999, ε 1e-8).</summary>
    Adam,
}
