using System.Diagnostics.CodeAnalysis;

namespace AiObsStream.Core.Cost;

/// <summary>
/// Effective-dated price lookup: token prices by (model name, model version, deployment type) and GPU hourly rates by
/// GPU model, each answering with the newest entry whose effective date is at or before the asked time.
/// </summary>
/// <remarks>
/// An exact model version wins over a <see cref="TokenPrice.AnyVersion"/> entry. Names and types match
/// case-insensitively. Configured entries are added after the bundled ones and replace one with the same key and date.
/// Immutable after construction; safe to share.
/// </remarks>
public sealed class PriceTable
{
    private static readonly KeyComparer Keys = new();
    private readonly Dictionary<(string Model, string Version, string Type), List<TokenPrice>> _tokens = new(Keys);
    private readonly Dictionary<string, List<GpuPrice>> _gpus = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Builds the table from the options (bundled entries first when enabled).</summary>
    /// <param name="options">The pricing options.</param>
    /// <exception cref="ArgumentException">A price is negative or not finite, or a name is empty; the message names the entry.</exception>
    public PriceTable(PricingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.UseBundledPrices)
        {
            foreach (var p in BundledPrices.TokenPrices)
            {
                Add(p);
            }
        }

        foreach (var p in options.TokenPrices)
        {
            Add(p);
        }

        foreach (var g in options.GpuPrices)
        {
            Add(g);
        }
    }

    /// <summary>Number of token price entries.</summary>
    public int TokenPriceCount => _tokens.Values.Sum(l => l.Count);

    /// <summary>Finds the token price in effect at <paramref name="atMs"/>.</summary>
    /// <param name="modelName">Model name.</param>
    /// <param name="modelVersion">Model version (an exact entry first, then a * entry).</param>
    /// <param name="deploymentType">Deployment type (SKU).</param>
    /// <param name="atMs">Unix ms (the window start).</param>
    /// <param name="price">The price, when found.</param>
    /// <returns>Whether a price applies.</returns>
    public bool TryGetTokenPrice(string modelName, string modelVersion, string deploymentType, long atMs,
        [NotNullWhen(true)] out TokenPrice? price)
    {
        price = null;
        if (string.IsNullOrEmpty(modelName))
        {
            return false;
        }

        if (modelVersion.Length > 0 && _tokens.TryGetValue((modelName, modelVersion, deploymentType), out var exact))
        {
            price = Latest(exact, atMs, static p => p.EffectiveFromMs);
        }

        if (price is null && _tokens.TryGetValue((modelName, TokenPrice.AnyVersion, deploymentType), out var any))
        {
            price = Latest(any, atMs, static p => p.EffectiveFromMs);
        }

        return price is not null;
    }

    /// <summary>Finds the GPU hourly rate in effect at <paramref name="atMs"/>.</summary>
    /// <param name="gpuModel">GPU model name.</param>
    /// <param name="atMs">Unix ms.</param>
    /// <param name="price">The rate, when found.</param>
    /// <returns>Whether a rate applies.</returns>
    public bool TryGetGpuPrice(string gpuModel, long atMs, [NotNullWhen(true)] out GpuPrice? price)
    {
        price = !string.IsNullOrEmpty(gpuModel) && _gpus.TryGetValue(gpuModel, out var list)
            ? Latest(list, atMs, static p => p.EffectiveFromMs)
            : null;
        return price is not null;
    }

    private static T? Latest<T>(List<T> sorted, long atMs, Func<T, long> from)
        where T : class
    {
        for (var i = sorted.Count - 1; i >= 0; i--)
        {
            if (from(sorted[i]) <= atMs)
            {
                return sorted[i];
            }
        }

        return null;
    }

    private void Add(TokenPrice p)
    {
        var what = $"pricing.tokens[{p.ModelName} {p.ModelVersion} {p.DeploymentType}]";
        if (string.IsNullOrWhiteSpace(p.ModelName) || string.IsNullOrWhiteSpace(p.ModelVersion) || string.IsNullOrWhiteSpace(p.DeploymentType))
        {
            throw new ArgumentException($"{what}: model, version and deploymentType are required");
        }

        foreach (var v in (ReadOnlySpan<double>)[p.InputPer1K, p.CachedInputPer1K, p.OutputPer1K])
        {
            if (!(v >= 0) || !double.IsFinite(v))
            {
                throw new ArgumentException($"{what}: prices must be finite and not negative");
            }
        }

        var key = (p.ModelName, p.ModelVersion, p.DeploymentType);
        if (!_tokens.TryGetValue(key, out var list))
        {
            _tokens[key] = list = [];
        }

        Insert(list, p, p.EffectiveFromMs, static x => x.EffectiveFromMs);
    }

    private void Add(GpuPrice g)
    {
        if (string.IsNullOrWhiteSpace(g.GpuModel) || !(g.UsdPerHour >= 0) || !double.IsFinite(g.UsdPerHour))
        {
            throw new ArgumentException($"pricing.gpus[{g.GpuModel}]: gpuModel is required and usdPerHour must be finite and not negative");
        }

        if (!_gpus.TryGetValue(g.GpuModel, out var list))
        {
            _gpus[g.GpuModel] = list = [];
        }

        Insert(list, g, g.EffectiveFromMs, static x => x.EffectiveFromMs);
    }

    /// <summary>Keeps the list sorted by effective date; an entry with an equal date replaces the earlier one.</summary>
    private static void Insert<T>(List<T> list, T item, long from, Func<T, long> fromOf)
    {
        var i = list.Count;
        while (i > 0 && fromOf(list[i - 1]) > from)
        {
            i--;
        }

        if (i > 0 && fromOf(list[i - 1]) == from)
        {
            list[i - 1] = item;
        }
        else
        {
            list.Insert(i, item);
        }
    }

    private sealed class KeyComparer : IEqualityComparer<(string Model, string Version, string Type)>
    {
        public bool Equals((string Model, string Version, string Type) x, (string Model, string Version, string Type) y) =>
            string.Equals(x.Model, y.Model, StringComparison.OrdinalIgnoreCase)
            && string.Equals(x.Version, y.Version, StringComparison.OrdinalIgnoreCase)
            && string.Equals(x.Type, y.Type, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((string Model, string Version, string Type) k) => HashCode.Combine(
            StringComparer.OrdinalIgnoreCase.GetHashCode(k.Model), StringComparer.OrdinalIgnoreCase.GetHashCode(k.Version),
            StringComparer.OrdinalIgnoreCase.GetHashCode(k.Type));
    }
}
