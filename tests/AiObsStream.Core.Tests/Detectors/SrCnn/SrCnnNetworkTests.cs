using AiObsStream.Core.Detectors.SrCnn;

namespace AiObsStream.Core.Tests.Detectors.SrCnn;

public class SrCnnNetworkTests
{
    [Fact]
    public void Forward_TinyNetwork_MatchesHandComputation()
    {
        // x = 3. h1 = ReLU(2·3 − 1) = 5. h2 = ReLU([5 + 0.5, −5 + 0.5]) = [5.5, 0].
        // h3 = ReLU([5.5, 0 + 1, −5.5, 0.5·5.5 + 2·0 − 1]) = [5.5, 1, 0, 1.75].
        // z = 0.1·5.5 − 1·1 + 3·0 + 0.2·1.75 − 0.2 = −0.3; y = 1 / (1 + e^0.3).
        var network = new SrCnnNetwork(SrCnnTestModels.Tiny());
        var output = new float[1];

        network.Forward([3f], output);

        double expected = 1 / (1 + Math.Exp(0.3));
        Assert.Equal(expected, output[0], 6);
        Assert.Equal(expected, network.ForwardAt([3f], 0), 6);
    }

    [Fact]
    public void Forward_NegativeInput_ReluZeroesFirstLayer()
    {
        // x = −1: h1 = ReLU(−3) = 0, h2 = [0.5, 0.5], h3 = ReLU([0.5, 1.5, −0.5, 0.25 + 1 − 1]) = [0.5, 1.5, 0, 0.25].
        // z = 0.05 − 1.5 + 0 + 0.05 − 0.2 = −1.6.
        var network = new SrCnnNetwork(SrCnnTestModels.Tiny());

        float y = network.ForwardAt([-1f], 0);

        Assert.Equal(1 / (1 + Math.Exp(1.6)), y, 6);
    }

    [Fact]
    public void ForwardAt_EveryIndex_EqualsFullForward()
    {
        var network = new SrCnnNetwork(SrCnnTestModels.Random(16));
        var input = new float[16];
        for (int i = 0; i < input.Length; i++)
        {
            input[i] = MathF.Sin(i) * 50;
        }

        var all = new float[16];
        network.Forward(input, all);

        for (int i = 0; i < all.Length; i++)
        {
            Assert.Equal(all[i], network.ForwardAt(input, i), 6);
            Assert.InRange(all[i], 0f, 1f);
        }
    }

    [Fact]
    public void Forward_ShortInput_Throws()
    {
        var network = new SrCnnNetwork(SrCnnTestModels.Random(8));

        Assert.Throws<ArgumentException>(() => network.ForwardAt(new float[7], 0));
    }
}
