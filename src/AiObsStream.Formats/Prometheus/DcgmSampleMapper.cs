using AiObsStream.Core.Events;
using AiObsStream.Core.Text;

namespace AiObsStream.Formats.Prometheus;

/// <summary>
/// Turns parsed exposition samples of <c>DCGM_FI_*</c> families into <see cref="EventKind.GpuSample"/> events.
/// </summary>
/// <remarks>
/// Dimensions: Source DCGM; Host from <c>Hostname</c>/<c>hostname</c> (else <c>instance</c>); Gpu from
/// <c>UUID</c>/<c>uuid</c> (else the <c>gpu</c> index), plus <c>/gi&lt;GPU_I_ID&gt;[/&lt;GPU_I_PROFILE&gt;]</c> for a MIG
/// instance; Deployment from a <c>deployment</c> label, else the override
/// map (by pod, then by host), else derived from <c>pod</c> (<see cref="KubernetesNames.DeploymentFromPod(ReadOnlySpan{char})"/>).
/// <c>modelName</c> is the GPU model, not the AI model, so ModelName stays empty. Empty label values count as absent.
/// Not thread-safe: one per parser.
/// </remarks>
internal sealed class DcgmSampleMapper
{
    /// <summary>DCGM int64 "blank" values are 0x7ffffffffffffff0 and up; as doubles they all round to 2^63.</summary>
    private const double BlankSentinel = 9223372036854775792d;

    /// <summary>DCGM_FP64_BLANK (2^47) and the other FP64 sentinels just above it (not found, not supported, ...).</summary>
    private const double Fp64Blank = 140737488355328d;

    private readonly StringPool _pool;
    private readonly DimsPool _dimsPool;
    private readonly MetricNameCache _metrics;
    private readonly LabelSetCache _labelSets = new();
    private readonly Dictionary<string, string>? _overrides;
    private readonly InfinibandSampleMapper _infiniband;

    /// <summary>Creates a mapper.</summary>
    /// <param name="pool">Interns label values (owned by the parser).</param>
    /// <param name="dimsPool">Interns dimensions.</param>
    /// <param name="deploymentOverrides">Pod or host name → deployment; null for none.</param>
    public DcgmSampleMapper(StringPool pool, DimsPool dimsPool, IReadOnlyDictionary<string, string>? deploymentOverrides)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(dimsPool);
        _pool = pool;
        _dimsPool = dimsPool;
        _metrics = new MetricNameCache(pool);
        if (deploymentOverrides is { Count: > 0 })
        {
            _overrides = new Dictionary<string, string>(deploymentOverrides, StringComparer.Ordinal);
        }

        _infiniband = new InfinibandSampleMapper(pool, dimsPool, _overrides);
    }

    /// <summary>Samples of DCGM families dropped because the value is NaN or a DCGM blank sentinel.</summary>
    public long SkippedSamples { get; private set; }

    /// <summary>Samples of non-DCGM families (ignored).</summary>
    public long IgnoredSamples { get; private set; }

    /// <summary>Events produced.</summary>
    public long MappedSamples { get; private set; }

    /// <summary>Whether <paramref name="name"/> is a DCGM field (<c>DCGM_FI_*</c>), the only families mapped.</summary>
    public static bool IsDcgm(ReadOnlySpan<byte> name) => name.StartsWith("DCGM_FI_"u8);

    /// <summary>Maps one sample, appending at most one event to <paramref name="output"/>.</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="rawLabels">The label set exactly as written (braces included), used as the cache key.</param>
    /// <param name="scratch">The buffer holding the parsed label names and unescaped values.</param>
    /// <param name="labels">The parsed labels.</param>
    /// <param name="value">The sample value.</param>
    /// <param name="timeUnixMs">The sample time.</param>
    /// <param name="output">Where the event goes.</param>
    /// <returns>Null when mapped, ignored or skipped; the reason when the value is outside its plausible range.</returns>
    public string? Map(ReadOnlySpan<byte> name, ReadOnlySpan<byte> rawLabels, ReadOnlySpan<byte> scratch,
        ReadOnlySpan<LabelSpan> labels, double value, long timeUnixMs, EventBuffer output)
    {
        if (!IsDcgm(name))
        {
            return InfinibandSampleMapper.IsInfiniband(name) ? MapInfiniband(name, rawLabels, scratch, labels, value, timeUnixMs, output)
                : Ignore();
        }

        // OpenMetrics exposes a counter family X as samples X_total (and X_created, its creation time). DCGM field
        // names are upper case, so a lower-case suffix is the exposition's, not the field's: the field is the family.
        if (name.EndsWith("_created"u8))
        {
            IgnoredSamples++;
            return null;
        }

        if (name.EndsWith("_total"u8))
        {
            name = name[..^"_total"u8.Length];
        }

        // Only the exact sentinels mean "no value"; anything else out of range is an invalid value, not a blank.
        if (double.IsNaN(value) || value == BlankSentinel || value is >= Fp64Blank and <= Fp64Blank + 8)
        {
            SkippedSamples++;
            return null;
        }

        var metric = _metrics.Get(name);
        var implausible = DcgmValueRanges.Check(metric, value);
        if (implausible is not null)
        {
            return implausible;
        }

        if (!_labelSets.TryGet(rawLabels, out var dims, out var errCode))
        {
            dims = BuildDims(scratch, labels, out errCode);
            _labelSets.Add(rawLabels, dims, errCode);
        }

        var ev = TelemetryEvent.NewSample(EventKind.GpuSample, timeUnixMs, dims, metric, value);
        if (string.Equals(metric, DcgmFields.XidErrors, StringComparison.Ordinal))
        {
            ev.Detail = errCode;
        }

        output.Add(ev);
        MappedSamples++;
        return null;
    }

    /// <summary>node-exporter InfiniBand port counters scraped with the GPUs (see <see cref="InfinibandSampleMapper"/>).</summary>
    private string? MapInfiniband(ReadOnlySpan<byte> name, ReadOnlySpan<byte> rawLabels, ReadOnlySpan<byte> scratch,
        ReadOnlySpan<LabelSpan> labels, double value, long timeUnixMs, EventBuffer output)
    {
        var error = _infiniband.Map(name, rawLabels, scratch, labels, value, timeUnixMs, output, out var ignored);
        if (ignored)
        {
            IgnoredSamples++;
        }
        else if (error is null)
        {
            MappedSamples++;
        }

        return error;
    }

    private string? Ignore()
    {
        IgnoredSamples++;
        return null;
    }

    private SeriesDims BuildDims(ReadOnlySpan<byte> scratch, ReadOnlySpan<LabelSpan> labels, out string? errCode)
    {
        int host = -1, instance = -1, uuid = -1, gpu = -1, deployment = -1, pod = -1, err = -1, migId = -1, migProfile = -1;
        for (var i = 0; i < labels.Length; i++)
        {
            var label = labels[i];
            if (label.ValueLength == 0)
            {
                continue; // empty label values count as absent (dcgm-exporter README, OpenMetrics)
            }

            var n = scratch.Slice(label.NameStart, label.NameLength);
            if (n.SequenceEqual("Hostname"u8) || n.SequenceEqual("hostname"u8))
            {
                host = i;
            }
            else if (n.SequenceEqual("UUID"u8) || n.SequenceEqual("uuid"u8))
            {
                uuid = i;
            }
            else if (n.SequenceEqual("gpu"u8))
            {
                gpu = i;
            }
            else if (n.SequenceEqual("instance"u8))
            {
                instance = i;
            }
            else if (n.SequenceEqual("deployment"u8))
            {
                deployment = i;
            }
            else if (n.SequenceEqual("pod"u8) || (pod < 0 && n.SequenceEqual("pod_name"u8)))
            {
                pod = i;
            }
            else if (n.SequenceEqual("err_code"u8))
            {
                err = i;
            }
            else if (n.SequenceEqual("GPU_I_ID"u8))
            {
                migId = i;
            }
            else if (n.SequenceEqual("GPU_I_PROFILE"u8))
            {
                migProfile = i;
            }
        }

        var hostName = Value(scratch, labels, host >= 0 ? host : instance);
        var gpuId = Value(scratch, labels, uuid >= 0 ? uuid : gpu);
        if (migId >= 0)
        {
            gpuId = MigInstance(gpuId, Value(scratch, labels, migId), Value(scratch, labels, migProfile));
        }

        errCode = err >= 0 ? Value(scratch, labels, err) : null;
        var deploymentName = deployment >= 0
            ? Value(scratch, labels, deployment)
            : ResolveDeployment(Value(scratch, labels, pod), hostName);
        var key = new DimsKey(TelemetrySource.DCGM, deploymentName, string.Empty, string.Empty, string.Empty,
            string.Empty, hostName, gpuId);
        return _dimsPool.Intern(key);
    }

    /// <summary>
    /// The Gpu dimension of a MIG instance: <c>&lt;UUID&gt;/gi&lt;GPU_I_ID&gt;[/&lt;GPU_I_PROFILE&gt;]</c>, e.g.
    /// <c>GPU-5c8e…/gi1/3g.40gb</c>, so each instance is its own series (dcgm-exporter exports one per instance with the
    /// parent's UUID) and the profile tells what share of the GPU it holds.
    /// </summary>
    private string MigInstance(string gpu, string instance, string profile) =>
        _pool.Get(profile.Length == 0 ? $"{gpu}/gi{instance}" : $"{gpu}/gi{instance}/{profile}");

    private string ResolveDeployment(string pod, string host)
    {
        if (_overrides is not null)
        {
            if (pod.Length > 0 && _overrides.TryGetValue(pod, out var byPod))
            {
                return byPod;
            }

            if (host.Length > 0 && _overrides.TryGetValue(host, out var byHost))
            {
                return byHost;
            }
        }

        return pod.Length == 0 ? string.Empty : _pool.Get(KubernetesNames.DeploymentFromPod(pod.AsSpan()));
    }

    private string Value(ReadOnlySpan<byte> scratch, ReadOnlySpan<LabelSpan> labels, int index) =>
        index < 0 ? string.Empty : _pool.Get(scratch.Slice(labels[index].ValueStart, labels[index].ValueLength));
}
