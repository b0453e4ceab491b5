using System.Buffers.Binary;
using AiObsStream.Core.Detectors.SrCnn;

namespace AiObsStream.Core.Tests.Detectors.SrCnn;

public class SrCnnModelTests
{
    private static byte[] Bytes(SrCnnModel model)
    {
        using var stream = new MemoryStream();
        model.Save(stream);
        return stream.ToArray();
    }

    private static InvalidDataException LoadFails(byte[] bytes) =>
        Assert.Throws<InvalidDataException>(() => SrCnnModel.Load(new MemoryStream(bytes)));

    [Fact]
    public void SaveLoad_RoundTrip_IdenticalWeightsAndOutputs()
    {
        SrCnnModel model = SrCnnTestModels.Random(12);

        byte[] bytes = Bytes(model);
        SrCnnModel loaded = SrCnnModel.Load(new MemoryStream(bytes));

        Assert.Equal(52 + (4 * model.ParameterCount), bytes.Length);
        Assert.Equal(model.Window, loaded.Window);
        Assert.Equal(model.Threshold, loaded.Threshold);
        for (int l = 0; l < SrCnnModel.LayerCount; l++)
        {
            Assert.Equal(model.WeightsOf(l), loaded.WeightsOf(l));
            Assert.Equal(model.BiasesOf(l), loaded.BiasesOf(l));
        }

        Assert.Equal(bytes, Bytes(loaded));
    }

    [Fact]
    public void SaveLoad_File_RoundTrip()
    {
        string path = Path.Combine(Path.GetTempPath(), $"srcnn-{Guid.NewGuid():N}.bin");
        try
        {
            SrCnnTestModels.Tiny().Save(path);
            SrCnnModel loaded = SrCnnModel.Load(path);
            Assert.Equal(1, loaded.Window);
            Assert.Equal([2f], loaded.WeightsOf(0));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_CommittedWeights_Window64()
    {
        SrCnnModel model = SrCnnTestModels.Trained();

        Assert.Equal(64, model.Window);
        Assert.Equal(61952, model.ParameterCount);
        Assert.InRange(model.Threshold, 0.01f, 0.99f);
    }

    [Fact]
    public void Load_WrongMagic_RejectedWithClearError()
    {
        byte[] bytes = Bytes(SrCnnTestModels.Tiny());
        bytes[0] = (byte)'X';

        Assert.Contains("wrong magic", LoadFails(bytes).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(51)]
    public void Load_TruncatedHeader_Rejected(int length)
    {
        byte[] bytes = Bytes(SrCnnTestModels.Tiny())[..length];

        Assert.Contains("truncated header", LoadFails(bytes).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TruncatedWeights_RejectedWithSizes()
    {
        byte[] full = Bytes(SrCnnTestModels.Random(8));

        string message = LoadFails(full[..^4]).Message;

        Assert.Contains("truncated", message, StringComparison.Ordinal);
        Assert.Contains($"expected {full.Length}", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TrailingBytes_Rejected()
    {
        byte[] bytes = [.. Bytes(SrCnnTestModels.Tiny()), 0, 0, 0, 0];

        Assert.Contains("trailing bytes", LoadFails(bytes).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_LayerSizeMismatch_Rejected()
    {
        byte[] bytes = Bytes(SrCnnTestModels.Random(8));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(16 + 8 + 4), 17); // layer 1 outputs: 16 expected

        Assert.Contains("layer 1 size mismatch: 8→17, expected 8→16", LoadFails(bytes).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WindowChangedWithoutWeights_Rejected()
    {
        byte[] bytes = Bytes(SrCnnTestModels.Random(8));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), 9);

        Assert.Contains("size mismatch", LoadFails(bytes).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4, 2, "unsupported format version 2")]
    [InlineData(8, 0, "invalid window 0")]
    [InlineData(8, 5000, "invalid window 5000")]
    [InlineData(12, 3, "layer count 3")]
    public void Load_BadHeaderField_Rejected(int offset, int value, string expected)
    {
        byte[] bytes = Bytes(SrCnnTestModels.Tiny());
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(offset), value);

        Assert.Contains(expected, LoadFails(bytes).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NonFiniteWeight_Rejected()
    {
        byte[] bytes = Bytes(SrCnnTestModels.Tiny());
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(52), float.NaN);

        Assert.Contains("non-finite", LoadFails(bytes).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ThresholdOutOfRange_Rejected()
    {
        byte[] bytes = Bytes(SrCnnTestModels.Tiny());
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(48), 1.5f);

        Assert.Contains("threshold", LoadFails(bytes).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_WrongLayerSize_Throws()
    {
        Assert.Throws<ArgumentException>(() => new SrCnnModel(1, [[2f], [1f], [0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f], [0f, 0f, 0f, 0f]], [[0f], [0f, 0f], [0f, 0f, 0f, 0f], [0f]], 0.5f));
    }
}
