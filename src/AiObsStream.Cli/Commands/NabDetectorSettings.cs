namespace AiObsStream.Cli.Commands;

/// <summary>Detector parameters from the <c>aiobs eval nab</c> command line, handed to each registered factory.</summary>
/// <param name="ModelPath">SR-CNN weights (<c>--model</c>); the bundled srcnn-w64 model when null.</param>
/// <param name="WindowSize">The detector's sliding-window length in points (<c>--window</c>; SR: W), or null for the
/// detector's default.</param>
/// <param name="Seed">Per-series seed of the random baseline (<c>--seed</c>; NAB: 42).</param>
internal sealed record NabDetectorSettings(int? WindowSize, uint Seed = 42, string? ModelPath = null);
