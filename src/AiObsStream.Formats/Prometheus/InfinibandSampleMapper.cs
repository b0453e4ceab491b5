using System.Globalization;
using AiObsStream.Core.Events;
using AiObsStream.Core.Network;
using AiObsStream.Core.Text;

namespace AiObsStream.Formats.Prometheus;

/// <summary>
/// Turns node-exporter InfiniBand port counters (<c>node_infiniband_*</c>, labels <c>device</c> and <c>port</c>) that
/// <see cref="NetworkFields"/> names into device-sample events the aggregator derives rates and increases from.
/// </summary>
/// <remarks>
/// Dimensions: Source DCGM (the scrape path; the metric name tells the exporter), Host from <c>Hostname</c>/
/// <c>hostname</c>/<c>node</c>/<c>nodename</c>, else <c>instance</c> without its port (node-exporter's target is
/// <c>host:9100</c>), so the port lands on the same host as the GPUs dcgm-exporter reports; Gpu is
/// <c>ib:&lt;device&gt;/&lt;port&gt;</c> (one series per HCA port, never mixed with a GPU); Deployment from a
/// <c>deployment</c> label, else the override map by host. Other <c>node_infiniband_*</c> families (info, rates the
/// collector also exposes, discards) are ignored. Not thread-safe: one per parser.
/// </remarks>
internal sealed class InfinibandSampleMapper
{
    private static readonly (byte[] Utf8, string Name)[] Known = BuildKnown();

    private readonly StringPool _pool;
    private readonly DimsPool _dimsPool;
    private readonly IReadOnlyDictionary<string, string>? _overrides;
    private readonly LabelSetCache _labelSets = new();

    /// <summary>Creates a mapper.</summary>
    /// <param name="pool">Interns label values (owned by the parser).</param>
    /// <param name="dimsPool">Interns dimensions.</param>
    /// <param name="overrides">Host name → deployment; null for none.</param>
    public InfinibandSampleMapper(StringPool pool, DimsPool dimsPool, IReadOnlyDictionary<string, string>? overrides)
    {
        _pool = pool;
        _dimsPool = dimsPool;
        _overrides = overrides;
    }

    /// <summary>Whether <paramref name="name"/> is a node-exporter InfiniBand family.</summary>
    public static bool IsInfiniband(ReadOnlySpan<byte> name) => name.StartsWith("node_infiniband_"u8);

    /// <summary>Maps one sample of a <c>node_infiniband_*</c> family, appending at most one event.</summary>
    /// <returns>Null when mapped or ignored (a family the engine does not read; <paramref name="ignored"/> is then true); the reason when the sample cannot be used.</returns>
    public string? Map(ReadOnlySpan<byte> name, ReadOnlySpan<byte> rawLabels, ReadOnlySpan<byte> scratch,
        ReadOnlySpan<LabelSpan> labels, double value, long timeUnixMs, EventBuffer output, out bool ignored)
    {
        ignored = false;
        var metric = Lookup(name);
        if (metric is null)
        {
            ignored = true;
            return null;
        }

        if (!double.IsFinite(value) || value < 0)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"{metric} value {value:R} is not a count: InfiniBand port counters are finite and never negative");
        }

        if (!_labelSets.TryGet(rawLabels, out var dims, out var problem))
        {
            dims = BuildDims(scratch, labels, out problem);
            _labelSets.Add(rawLabels, dims, problem);
        }

        if (problem is not null)
        {
            return metric + " " + problem;
        }

        output.Add(TelemetryEvent.NewSample(EventKind.GpuSample, timeUnixMs, dims, metric, value));
        return null;
    }

    private static string? Lookup(ReadOnlySpan<byte> name)
    {
        foreach (var (utf8, known) in Known)
        {
            if (name.SequenceEqual(utf8))
            {
                return known;
            }
        }

        return null;
    }

    private SeriesDims BuildDims(ReadOnlySpan<byte> scratch, ReadOnlySpan<LabelSpan> labels, out string? problem)
    {
        int host = -1, instance = -1, device = -1, port = -1, deployment = -1;
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i].ValueLength == 0)
            {
                continue; // empty label values count as absent (OpenMetrics)
            }

            var n = scratch.Slice(labels[i].NameStart, labels[i].NameLength);
            if (n.SequenceEqual("Hostname"u8) || n.SequenceEqual("hostname"u8) || n.SequenceEqual("node"u8) || n.SequenceEqual("nodename"u8))
            {
                host = host < 0 ? i : host;
            }
            else if (n.SequenceEqual("instance"u8))
            {
                instance = i;
            }
            else if (n.SequenceEqual("device"u8))
            {
                device = i;
            }
            else if (n.SequenceEqual("port"u8))
            {
                port = i;
            }
            else if (n.SequenceEqual("deployment"u8))
            {
                deployment = i;
            }
        }

        problem = device < 0 || port < 0
            ? "has no device or port label (node-exporter labels every InfiniBand port counter with both); the port cannot be told apart"
            : host < 0 && instance < 0
                ? "has no host label (Hostname, hostname, node, nodename or instance); the port cannot be placed on a host"
                : null;
        var hostName = host >= 0 ? Value(scratch, labels, host) : _pool.Get(WithoutPort(Value(scratch, labels, instance)));
        var gpu = _pool.Get($"ib:{Value(scratch, labels, device)}/{Value(scratch, labels, port)}");
        var deploymentName = deployment >= 0 ? Value(scratch, labels, deployment)
            : _overrides is not null && hostName.Length > 0 && _overrides.TryGetValue(hostName, out var byHost) ? byHost : string.Empty;
        return _dimsPool.Intern(new DimsKey(TelemetrySource.DCGM, deploymentName, string.Empty, string.Empty, string.Empty,
            string.Empty, hostName, gpu));
    }

    /// <summary><c>10.0.3.7:9100</c> → <c>10.0.3.7</c>; <c>[fd00::7]:9100</c> → <c>fd00::7</c>; anything else unchanged.</summary>
    internal static string WithoutPort(string instance)
    {
        if (instance.StartsWith('[') && instance.IndexOf(']', StringComparison.Ordinal) is var close and > 0)
        {
            return instance[1..close];
        }

        var colon = instance.LastIndexOf(':');
        return colon > 0 && instance.IndexOf(':', StringComparison.Ordinal) == colon
            && int.TryParse(instance.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _)
            ? instance[..colon] : instance;
    }

    private string Value(ReadOnlySpan<byte> scratch, ReadOnlySpan<LabelSpan> labels, int index) =>
        index < 0 ? string.Empty : _pool.Get(scratch.Slice(labels[index].ValueStart, labels[index].ValueLength));

    private static (byte[], string)[] BuildKnown()
    {
        var known = new List<(byte[], string)>();
        foreach (var field in NetworkFields.All)
        {
            if (field.Source.StartsWith(NetworkFields.InfinibandPrefix, StringComparison.Ordinal))
            {
                known.Add((System.Text.Encoding.UTF8.GetBytes(field.Source), field.Source));
            }
        }

        return [.. known];
    }
}
