namespace AiObsStream.SrCnn.Trainer;

/// <summary>A seeded generator (System.Random with a seed is the deterministic legacy algorithm) plus N(0,1) draws.</summary>
internal sealed class SeededRandom(int seed)
{
    private readonly Random _random = new(seed);

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => _random.NextDouble();

    /// <summary>Uniform integer in [min, max).</summary>
    public int Next(int min, int max) => _random.Next(min, max);

    /// <summary>Standard normal (Box–Muller, one value per call).</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - _random.NextDouble();
        double u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Fisher–Yates shuffle.</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = _random.Next(0, i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary><paramref name="count"/> distinct indices in [0, n) (partial Fisher–Yates, numpy choice without replacement).</summary>
    public int[] Choose(int n, int count)
    {
        var pool = new int[n];
        for (int i = 0; i < n; i++)
        {
            pool[i] = i;
        }

        for (int i = 0; i < count; i++)
        {
            int j = _random.Next(i, n);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }

        return pool[..count];
    }

    /// <summary>FNV-1a hash of a name, to derive a per-series seed that does not depend on list order.</summary>
    public static int StableHash(string name)
    {
        uint hash = 2166136261;
        foreach (char c in name)
        {
            hash = (hash ^ c) * 16777619;
        }

        return (int)(hash & 0x7FFFFFFF);
    }
}
