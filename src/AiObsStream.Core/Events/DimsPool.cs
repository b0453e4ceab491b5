using System.Collections.Concurrent;

namespace AiObsStream.Core.Events;

/// <summary>
/// Interns <see cref="SeriesDims"/> so that each distinct combination exists once per process.
/// </summary>
/// <remarks>Thread-safe. Lookups of known dimensions do not allocate. The pool grows with series cardinality only.</remarks>
public sealed class DimsPool
{
    private readonly ConcurrentDictionary<DimsKey, SeriesDims> _map = new();

    /// <summary>A process-wide pool shared by all parsers, so equal dimensions from any input share one instance.</summary>
    public static DimsPool Shared { get; } = new();

    /// <summary>Number of distinct dimension sets seen.</summary>
    public int Count => _map.Count;

    /// <summary>Returns the shared instance for <paramref name="key"/>, creating it on first use.</summary>
    public SeriesDims Intern(in DimsKey key)
    {
        if (_map.TryGetValue(key, out var dims))
        {
            return dims;
        }

        var created = new SeriesDims(key.Source, key.Deployment, key.ModelName, key.ModelVersion, key.Operation,
            key.Resource, key.Host, key.Gpu, key.OtherDims ?? string.Empty);
        return _map.GetOrAdd(key, created);
    }
}
