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
        string operation, string resource, string host, string gpu, string otherDims = "")
    {
        Source = source;
        Deployment = deployment ?? string.Empty;
        ModelName = modelName ?? string.Empty;
        ModelVersion = modelVersion ?? string.Empty;
        Operation = operation ?? string.Empty;
        Resource = resource ?? string.Empty;
        Host = host ?? string.Empty;
        Gpu = gpu ?? string.Empty;
        OtherDims = otherDims ?? string.Empty;
        _hash = HashCode.Combine(Source, Deployment, ModelName, ModelVersion,
            HashCode.Combine(Operation, Resource, Host, Gpu, OtherDims));
        var stable = StableHash64.Combine(
            StableHash64.Of(Deployment), StableHash64.Of(ModelName), StableHash64.Of(ModelVersion),
            StableHash64.Of(Operation), StableHash64.Of(Resource), StableHash64.Of(Host), StableHash64.Of(Gpu),
            (ulong)Source + 1);

        // Only series that have other dimensions mix them in, so every existing series keeps its stable hash (and the
        // row ids and partitions derived from it) across the introduction of this field.
        StableHash = OtherDims.Length == 0 ? stable : StableHash64.Combine(stable, StableHash64.Of(OtherDims));
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

    /// <summary>
    /// The series' remaining dimensions, those without a column of their own, in canonical form: <c>key=value</c>
    /// pairs sorted by key (ordinal), joined by <c>;</c> (for example <c>Authentication=AccountKey;GeoType=Primary;StatusCode=200</c>);
    /// empty when none. Set for platform metrics (AllMetrics) that carry dimensions.
    /// </summary>
    public string OtherDims { get; }

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
            && string.Equals(other.Gpu, Gpu, StringComparison.Ordinal)
            && string.Equals(other.OtherDims, OtherDims, StringComparison.Ordinal));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SeriesDims);

    /// <inheritdoc />
    public override int GetHashCode() => _hash;

    /// <inheritdoc />
    public override string ToString() => OtherDims.Length == 0
        ? $"{Source}|{Deployment}|{ModelName}|{ModelVersion}|{Operation}|{Host}|{Gpu}"
        : $"{Source}|{Deployment}|{ModelName}|{ModelVersion}|{Operation}|{Host}|{Gpu}|{OtherDims}";
}
