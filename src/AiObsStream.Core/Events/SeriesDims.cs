namespace AiObsStream.Core.Events;

/// <summary>
/// The dimensions every metric and alert carries. Instances are interned by <see cref="DimsPool"/>, so two
/// events with equal dimensions share one instance and can be compared by reference on hot paths.
/// </summary>
/// <remarks>Absent values are the empty string, never null. Immutable and safe to share across threads.</remarks>
public sealed class SeriesDims : IEquatable<SeriesDims>
{
    private readonly int _hash;

    /// <summary>Creates dimensions; prefer <see cref="DimsPool.Intern"/> so that instances are shared.</summary>
    public SeriesDims(TelemetrySource source, string deployment, string modelName, string modelVersion,
        string operation, string resource, string host, string gpu)
    {
        Source = source;
        Deployment = deployment ?? string.Empty;
        ModelName = modelName ?? string.Empty;
        ModelVersion = modelVersion ?? string.Empty;
        Operation = operation ?? string.Empty;
        Resource = resource ?? string.Empty;
        Host = host ?? string.Empty;
        Gpu = gpu ?? string.Empty;
        _hash = HashCode.Combine(Source, Deployment, ModelName, ModelVersion,
            HashCode.Combine(Operation, Resource, Host, Gpu));
        StableHash = StableHash64.Combine(
            StableHash64.Of(Deployment), StableHash64.Of(ModelName), StableHash64.Of(ModelVersion),
            StableHash64.Of(Operation), StableHash64.Of(Resource), StableHash64.Of(Host), StableHash64.Of(Gpu),
            (ulong)Source + 1);
    }

    /// <summary>The source stream.</summary>
    public TelemetrySource Source { get; }

    /// <summary>Model deployment name (Azure OpenAI deployment, or the serving deployment).</summary>
    public string Deployment { get; }

    /// <summary>Model name (for example gpt-4o).</summary>
    public string ModelName { get; }

    /// <summary>Model version (for example 2024-08-06).</summary>
    public string ModelVersion { get; }

    /// <summary>The operation / endpoint, for example ChatCompletions_Create.</summary>
    public string Operation { get; }

    /// <summary>Azure resource id (as sent, upper-case for AOAI) or another resource identity.</summary>
    public string Resource { get; }

    /// <summary>Host name (GPU node).</summary>
    public string Host { get; }

    /// <summary>GPU identity (UUID when known, else index).</summary>
    public string Gpu { get; }

    /// <summary>A hash that is identical across processes and runs (used for partitioning and stable ids).</summary>
    public ulong StableHash { get; }

    /// <inheritdoc />
    public bool Equals(SeriesDims? other) =>
        ReferenceEquals(this, other) || (other is not null && other._hash == _hash && other.Source == Source
            && string.Equals(other.Deployment, Deployment, StringComparison.Ordinal)
            && string.Equals(other.ModelName, ModelName, StringComparison.Ordinal)
            && string.Equals(other.ModelVersion, ModelVersion, StringComparison.Ordinal)
            && string.Equals(other.Operation, Operation, StringComparison.Ordinal)
            && string.Equals(other.Resource, Resource, StringComparison.Ordinal)
            && string.Equals(other.Host, Host, StringComparison.Ordinal)
            && string.Equals(other.Gpu, Gpu, StringComparison.Ordinal));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SeriesDims);

    /// <inheritdoc />
    public override int GetHashCode() => _hash;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Source}|{Deployment}|{ModelName}|{ModelVersion}|{Operation}|{Host}|{Gpu}";
}
