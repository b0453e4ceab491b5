using System.Globalization;

namespace AiObsStream.Formats.Prometheus;

// This part: sample rules — names and values per type, labels per type, exemplar placement, series timestamps,
// contiguous metrics and histogram metric points.
internal sealed partial class OpenMetricsValidator
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    /// <summary>Last timestamp (seconds; NaN = none) per series (name and labels) of the current family.</summary>
    private readonly Dictionary<ulong, double> _seriesTimes = [];

    /// <summary>Metrics (label sets without <c>le</c>/<c>quantile</c>) of the current family already left.</summary>
    private readonly HashSet<ulong> _doneMetrics = [];

    private ulong _metric;
    private bool _hasMetric;
    private HistogramPoint _point;

    /// <summary>Checks one sample against the rules of its family.</summary>
    /// <param name="name">The sample's metric name.</param>
    /// <param name="scratch">The buffer holding label names and unescaped values.</param>
    /// <param name="labels">The sample's labels (not the exemplar's).</param>
    /// <param name="value">The value.</param>
    /// <param name="hasTime">Whether the sample has a timestamp.</param>
    /// <param name="timeSeconds">The timestamp in seconds, when <paramref name="hasTime"/>.</param>
    /// <param name="hasExemplar">Whether an exemplar follows.</param>
    /// <param name="error">The rule broken.</param>
    public bool TrySample(ReadOnlySpan<byte> name, ReadOnlySpan<byte> scratch, ReadOnlySpan<LabelSpan> labels, double value,
        bool hasTime, double timeSeconds, bool hasExemplar, out string? error)
    {
        if (!TryResolve(name, out var family, out var role, out error))
        {
            return false;
        }

        family.Started = true;
        if (!TryValue(family, role, value, out error) || !TryLabels(family, role, scratch, labels, out var le, out error))
        {
            return false;
        }

        var exemplarAllowed = (family.Type == OpenMetricsType.Counter && role == SampleRole.Total)
            || (family.Type is OpenMetricsType.Histogram or OpenMetricsType.GaugeHistogram && role == SampleRole.Bucket);
        if (hasExemplar && !exemplarAllowed)
        {
            return Error(out error, $"exemplar on a {role.ToString().ToLowerInvariant()} sample of {Describe(family)} (exemplars are allowed on counter _total and histogram _bucket samples only)");
        }

        var metric = MetricHash(family, scratch, labels);
        if (!TrySeries(Hash(name, scratch, labels, skipLe: false, skip: default), hasTime, timeSeconds, out error)
            || !TryMetric(family, metric, out error))
        {
            return false;
        }

        return family.Type is not (OpenMetricsType.Histogram or OpenMetricsType.GaugeHistogram)
            || TryHistogramSample(family, role, metric, value, le, hasTime ? timeSeconds : double.NaN, out error);
    }

    private static bool TryValue(OpenMetricsFamily family, SampleRole role, double value, out string? error)
    {
        error = null;
        var rule = (family.Type, role) switch
        {
            (OpenMetricsType.Counter, SampleRole.Total) or (OpenMetricsType.Histogram or OpenMetricsType.Summary, SampleRole.Sum) =>
                NonNegative(value) ? null : "must not be NaN or negative",
            (OpenMetricsType.Histogram or OpenMetricsType.GaugeHistogram, SampleRole.Bucket)
                or (OpenMetricsType.Histogram or OpenMetricsType.Summary, SampleRole.Count)
                or (OpenMetricsType.GaugeHistogram, SampleRole.GaugeCount) =>
                NonNegative(value) && double.IsFinite(value) && value == Math.Floor(value) ? null : "must be a non-negative integer",
            (OpenMetricsType.GaugeHistogram, SampleRole.GaugeSum) => double.IsNaN(value) ? "must not be NaN" : null,
            (OpenMetricsType.Summary, SampleRole.Plain) => value < 0 ? "a quantile value must not be negative" : null,
            (OpenMetricsType.Info, _) => value == 1 ? null : "must be 1",
            (OpenMetricsType.StateSet, _) => value is 0 or 1 ? null : "must be 0 or 1",
            _ => null,
        };
        return rule is null || Error(out error, string.Create(CultureInfo.InvariantCulture,
            $"{role.ToString().ToLowerInvariant()} value {value} of {Describe(family)} {rule}"));
    }

    private static bool NonNegative(double value) => !double.IsNaN(value) && value >= 0;

    private static bool TryLabels(OpenMetricsFamily family, SampleRole role, ReadOnlySpan<byte> scratch,
        ReadOnlySpan<LabelSpan> labels, out double le, out string? error)
    {
        error = null;
        le = double.NaN;
        var histogram = family.Type is OpenMetricsType.Histogram or OpenMetricsType.GaugeHistogram;
        var leIndex = Find(scratch, labels, "le"u8);
        var quantileIndex = Find(scratch, labels, "quantile"u8);
        if (histogram && role == SampleRole.Bucket)
        {
            if (leIndex < 0)
            {
                return Error(out error, $"bucket of {Describe(family)} has no 'le' label");
            }

            var text = Value(scratch, labels[leIndex]);
            if (text.SequenceEqual("+Inf"u8))
            {
                le = double.PositiveInfinity;
                return true;
            }

            return PrometheusNumbers.TryParseTimestampSeconds(text, out le)
                || Error(out error, $"bucket threshold le=\"{Shown(text)}\" of {Describe(family)} is not a number or \"+Inf\"");
        }

        if (histogram && leIndex >= 0)
        {
            return Error(out error, $"{Describe(family)} has an 'le' label outside its buckets");
        }

        if (family.Type == OpenMetricsType.Summary && role == SampleRole.Plain)
        {
            if (quantileIndex < 0)
            {
                return Error(out error, $"quantile sample of {Describe(family)} has no 'quantile' label");
            }

            var text = Value(scratch, labels[quantileIndex]);
            return (PrometheusNumbers.TryParseTimestampSeconds(text, out var q) && q is >= 0 and <= 1)
                || Error(out error, $"quantile=\"{Shown(text)}\" of {Describe(family)} is not a number between 0 and 1");
        }

        if (family.Type == OpenMetricsType.Summary && quantileIndex >= 0)
        {
            return Error(out error, $"{Describe(family)} has a 'quantile' label outside its quantiles");
        }

        return family.Type != OpenMetricsType.StateSet
            || Find(scratch, labels, family.Utf8) >= 0
            || Error(out error, $"sample of {Describe(family)} has no label named '{family.Name}' for its state");
    }

    private bool TrySeries(ulong series, bool hasTime, double timeSeconds, out string? error)
    {
        error = null;
        if (_seriesTimes.TryGetValue(series, out var previous))
        {
            if (!hasTime || double.IsNaN(previous))
            {
                return Error(out error, "the same series (name and labels) appears twice without timestamps on both (points of a series need increasing timestamps)");
            }

            if (timeSeconds < previous)
            {
                return Error(out error, $"timestamp {timeSeconds} goes back from {previous} in the same series (timestamps must increase)");
            }
        }

        _seriesTimes[series] = hasTime ? timeSeconds : double.NaN;
        return true;
    }

    private bool TryMetric(OpenMetricsFamily family, ulong metric, out string? error)
    {
        error = null;
        if (_hasMetric && metric != _metric)
        {
            if (_doneMetrics.Contains(metric))
            {
                return Error(out error, $"a metric of {Describe(family)} is interleaved with another metric (the samples of a label set must be contiguous)");
            }

            _doneMetrics.Add(_metric);
        }

        _hasMetric = true;
        _metric = metric;
        return true;
    }

    private bool TryHistogramSample(OpenMetricsFamily family, SampleRole role, ulong metric, double value, double le,
        double time, out string? error)
    {
        error = null;
        if (role == SampleRole.Created)
        {
            return true;
        }

        var samePoint = _point.Active && _point.Metric == metric
            && (_point.Time.Equals(time) || (double.IsNaN(_point.Time) && double.IsNaN(time)));
        if (_point.Active && !samePoint && !TryCompletePoint(family, out error))
        {
            return false;
        }

        if (!samePoint)
        {
            _point = new HistogramPoint { Active = true, Metric = metric, Time = time, LastLe = double.NegativeInfinity };
        }

        switch (role)
        {
            case SampleRole.Bucket:
                if (_point.Buckets > 0 && !(le > _point.LastLe))
                {
                    return Error(out error, $"bucket thresholds of {Describe(family)} must increase (le {le} after {_point.LastLe})");
                }

                if (value < _point.LastBucket)
                {
                    return Error(out error, $"buckets of {Describe(family)} must be cumulative ({value} after {_point.LastBucket})");
                }

                _point.Buckets++;
                _point.LastLe = le;
                _point.LastBucket = value;
                _point.NegativeLe |= le < 0;
                if (double.IsPositiveInfinity(le))
                {
                    _point.HasInf = true;
                    _point.Inf = value;
                }

                return true;
            case SampleRole.Count or SampleRole.GaugeCount:
                _point.HasCount = true;
                _point.Count = value;
                return true;
            default:
                _point.HasSum = true;
                _point.Sum = value;
                return true;
        }
    }

    /// <summary>Checks the histogram metric point that has just ended, if any.</summary>
    private bool TryCompletePoint(OpenMetricsFamily family, out string? error)
    {
        error = null;
        var point = _point;
        _point = default;
        if (!point.Active || family.Type is not (OpenMetricsType.Histogram or OpenMetricsType.GaugeHistogram))
        {
            return true;
        }

        var gauge = family.Type == OpenMetricsType.GaugeHistogram;
        var (count, sum) = gauge ? ("_gcount", "_gsum") : ("_count", "_sum");
        if (!point.HasInf)
        {
            return Error(out error, $"a metric point of {Describe(family)} has no bucket with le=\"+Inf\"");
        }

        if (point.HasCount != point.HasSum)
        {
            return Error(out error, $"a metric point of {Describe(family)} has {(point.HasCount ? count : sum)} without {(point.HasCount ? sum : count)}");
        }

        if (point.HasCount && point.Count != point.Inf)
        {
            return Error(out error, $"{count} {point.Count} of {Describe(family)} differs from its +Inf bucket {point.Inf}");
        }

        if (!gauge && point.HasSum && point.NegativeLe)
        {
            return Error(out error, $"{Describe(family)} has negative thresholds and a _sum (no _sum is allowed then)");
        }

        return !gauge || !point.HasSum || point.Sum >= 0 || point.NegativeLe
            || Error(out error, $"_gsum {point.Sum} of {Describe(family)} is negative without negative thresholds");
    }

    private void ResetFamilyState()
    {
        _seriesTimes.Clear();
        _doneMetrics.Clear();
        _hasMetric = false;
        _point = default;
    }

    /// <summary>Hash of the label set without <c>le</c>/<c>quantile</c> (and a stateset's state label).</summary>
    private static ulong MetricHash(OpenMetricsFamily family, ReadOnlySpan<byte> scratch, ReadOnlySpan<LabelSpan> labels)
    {
        var skip = family.Type == OpenMetricsType.StateSet ? family.Utf8 : default;
        return Hash(default, scratch, labels, skipLe: true, skip);
    }

    /// <summary>Order-independent hash of a name and its labels (a sum of per-label FNV-1a hashes).</summary>
    private static ulong Hash(ReadOnlySpan<byte> name, ReadOnlySpan<byte> scratch, ReadOnlySpan<LabelSpan> labels, bool skipLe,
        ReadOnlySpan<byte> skip)
    {
        var total = Fnv(FnvOffset, name);
        foreach (var label in labels)
        {
            var labelName = scratch.Slice(label.NameStart, label.NameLength);
            if ((skipLe && (labelName.SequenceEqual("le"u8) || labelName.SequenceEqual("quantile"u8)))
                || (!skip.IsEmpty && labelName.SequenceEqual(skip)))
            {
                continue;
            }

            var h = Fnv(FnvOffset, labelName);
            h = Fnv(h ^ 0xFF, Value(scratch, label));
            total += h * FnvPrime;
        }

        return total;
    }

    private static ulong Fnv(ulong hash, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * FnvPrime;
        }

        return hash;
    }

    private static int Find(ReadOnlySpan<byte> scratch, ReadOnlySpan<LabelSpan> labels, ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < labels.Length; i++)
        {
            if (scratch.Slice(labels[i].NameStart, labels[i].NameLength).SequenceEqual(name))
            {
                return i;
            }
        }

        return -1;
    }

    private static ReadOnlySpan<byte> Value(ReadOnlySpan<byte> scratch, LabelSpan label) =>
        scratch.Slice(label.ValueStart, label.ValueLength);

    private static string Shown(ReadOnlySpan<byte> text) =>
        System.Text.Encoding.UTF8.GetString(text.Length > 40 ? text[..40] : text);

    /// <summary>The histogram or gauge histogram metric point being read.</summary>
    private struct HistogramPoint
    {
        public bool Active;
        public ulong Metric;
        public double Time;
        public int Buckets;
        public double LastLe;
        public double LastBucket;
        public bool HasInf;
        public double Inf;
        public bool NegativeLe;
        public bool HasCount;
        public double Count;
        public bool HasSum;
        public double Sum;
    }
}
