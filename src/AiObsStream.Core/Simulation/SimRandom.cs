using System.Globalization;

namespace AiObsStream.Core.Simulation;

/// <summary>A seeded random source with the distributions the simulator draws from.</summary>
/// <remarks><see cref="Random(int)"/> with a seed uses a fixed algorithm, so a seed gives the same draws on every run.</remarks>
internal sealed class SimRandom(int seed)
{
    private readonly Random _random = new(seed);

    /// <summary>Uniform in [0, 1).</summary>
    public double Uniform() => _random.NextDouble();

    /// <summary>Uniform integer in [min, max).</summary>
    public int Next(int min, int max) => _random.Next(min, max);

    /// <summary>Standard normal (Box-Muller).</summary>
    public double Normal()
    {
        double u1 = 1.0 - _random.NextDouble();
        double u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Lognormal with the given median and log-space sigma.</summary>
    public double LogNormal(double median, double sigma) => median * Math.Exp(sigma * Normal());

    /// <summary>Exponential with the given rate (the Poisson inter-arrival time).</summary>
    public double Exponential(double rate) => -Math.Log(1.0 - _random.NextDouble()) / rate;

    /// <summary>Lower-case hex of <paramref name="bytes"/> random bytes.</summary>
    public string Hex(int bytes)
    {
        Span<byte> buffer = stackalloc byte[32];
        _random.NextBytes(buffer[..bytes]);
        return Convert.ToHexStringLower(buffer[..bytes]);
    }

    /// <summary>A GUID-shaped lower-case id (8-4-4-4-12).</summary>
    public string Guid()
    {
        string h = Hex(16);
        return string.Create(CultureInfo.InvariantCulture, $"{h[..8]}-{h[8..12]}-{h[12..16]}-{h[16..20]}-{h[20..]}");
    }
}
