using AiObsStream.Core.Aggregation;

namespace AiObsStream.Core.Actions;

/// <summary>
/// The model versions each deployment served, ordered by the first window they were seen in, so that a rollback action
/// can name the version before the one an incident is about. Bounded: the newest <see cref="MaxPerDeployment"/> versions
/// of at most <see cref="MaxDeployments"/> deployments.
/// </summary>
internal sealed class DeploymentVersions
{
    public const int MaxPerDeployment = 16;
    public const int MaxDeployments = 4096;

    private readonly SortedDictionary<string, List<(string Version, long FirstSeenMs)>> _byDeployment = new(StringComparer.Ordinal);
    private string _lastDeployment = string.Empty;
    private string _lastVersion = string.Empty;

    /// <summary>Notes the versions of metric rows (rows without a deployment or version are skipped).</summary>
    public void Observe(IReadOnlyList<MetricRow> rows)
    {
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var deployment = row.Dims.Deployment;
            var version = row.ModelVersion;
            if (deployment.Length == 0 || version.Length == 0
                || (ReferenceEquals(deployment, _lastDeployment) && ReferenceEquals(version, _lastVersion)))
            {
                continue; // most rows repeat the previous row's pair: one reference check instead of a look-up
            }

            Observe(deployment, version, row.WindowStartMs);
            (_lastDeployment, _lastVersion) = (deployment, version);
        }
    }

    /// <summary>Notes that <paramref name="deployment"/> served <paramref name="version"/> in the window starting at <paramref name="windowStartMs"/>.</summary>
    public void Observe(string deployment, string version, long windowStartMs)
    {
        if (!_byDeployment.TryGetValue(deployment, out var list))
        {
            if (_byDeployment.Count >= MaxDeployments)
            {
                return;
            }

            _byDeployment[deployment] = list = [];
        }

        var at = list.FindIndex(v => string.Equals(v.Version, version, StringComparison.Ordinal));
        if (at >= 0)
        {
            if (windowStartMs >= list[at].FirstSeenMs)
            {
                return;
            }

            list.RemoveAt(at); // seen earlier than thought (rows of several windows in one tick): move it back
        }

        var index = list.FindIndex(v => v.FirstSeenMs > windowStartMs);
        list.Insert(index < 0 ? list.Count : index, (version, windowStartMs));
        if (list.Count > MaxPerDeployment)
        {
            list.RemoveAt(0);
        }
    }

    /// <summary>
    /// The version <paramref name="deployment"/> served before <paramref name="version"/>, or null when unknown. Metric
    /// rows reach the sinks when their window closes, after the alerts of a new version may already have been notified:
    /// a version not seen yet is newer than every version seen, so the newest seen is the one before it.
    /// </summary>
    public string? PreviousOf(string deployment, string version)
    {
        if (!_byDeployment.TryGetValue(deployment, out var list) || list.Count == 0)
        {
            return null;
        }

        var at = list.FindIndex(v => string.Equals(v.Version, version, StringComparison.Ordinal));
        return at > 0 ? list[at - 1].Version : at < 0 ? list[^1].Version : null;
    }

    /// <summary>The newest version of <paramref name="deployment"/>, or empty.</summary>
    public string Latest(string deployment) =>
        _byDeployment.TryGetValue(deployment, out var list) && list.Count > 0 ? list[^1].Version : string.Empty;

    public void Save(BinaryWriter w)
    {
        w.Write(_byDeployment.Count);
        foreach (var (deployment, list) in _byDeployment)
        {
            w.Write(deployment);
            w.Write(list.Count);
            foreach (var (version, first) in list)
            {
                w.Write(version);
                w.Write(first);
            }
        }
    }

    public void Restore(BinaryReader r)
    {
        _byDeployment.Clear();
        var count = r.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var deployment = r.ReadString();
            var n = r.ReadInt32();
            var list = new List<(string, long)>(Math.Min(n, MaxPerDeployment));
            for (var j = 0; j < n; j++)
            {
                list.Add((r.ReadString(), r.ReadInt64()));
            }

            _byDeployment[deployment] = list;
        }
    }
}
