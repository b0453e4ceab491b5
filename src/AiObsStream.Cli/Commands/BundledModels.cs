using AiObsStream.Core.Detectors.SrCnn;

namespace AiObsStream.Cli.Commands;

/// <summary>Model weights compiled into the binary (models/srcnn/srcnn-w64.bin), so nothing is downloaded at run time.</summary>
internal static class BundledModels
{
    private static readonly Lazy<SrCnnModel> SrCnnW64 = new(() =>
    {
        using var stream = typeof(BundledModels).Assembly.GetManifestResourceStream("models/srcnn-w64.bin")
            ?? throw new InvalidDataException("the bundled SR-CNN model is missing from this build");
        return SrCnnModel.Load(stream);
    });

    /// <summary>The bundled SR-CNN model (window 64).</summary>
    public static SrCnnModel SrCnn() => SrCnnW64.Value;
}
