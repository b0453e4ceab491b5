using AiObsStream.Core.Detectors.SpectralResidual;
using MathNet.Numerics.IntegralTransforms;
using Complex = System.Numerics.Complex;

namespace AiObsStream.Core.Tests.Detectors;

public class SrDenseDftTests
{
    [Theory]
    [InlineData(21)]
    [InlineData(69)]
    [InlineData(128)]
    public void ForwardInverse_MatchMathNetDoublePrecision(int n)
    {
        var rng = new Random(n);
        float[] x = new float[n];
        var reference = new Complex[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = (float)((rng.NextDouble() * 20) - 10);
            reference[i] = new Complex(x[i], 0);
        }

        var dft = new SrDenseDft(n);
        float[] re = new float[n], im = new float[n], outRe = new float[n], outIm = new float[n];
        dft.ForwardReal(x, re, im);
        Fourier.Forward(reference, FourierOptions.Matlab);
        for (int k = 0; k < n; k++)
        {
            Assert.Equal(reference[k].Real, re[k], 3);
            Assert.Equal(reference[k].Imaginary, im[k], 3);
        }

        dft.Inverse(re, im, outRe, outIm, n);
        for (int k = 0; k < n; k++)
        {
            Assert.Equal(x[k], outRe[k], 3);
            Assert.Equal(0, outIm[k], 3);
        }
    }
}
