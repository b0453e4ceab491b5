using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace AiObsStream.Cli.Hosting;

/// <summary>
/// Collects one meter's instruments with a <see cref="MeterListener"/> and writes them in the Prometheus text exposition
/// format 0.0.4, named after the OpenTelemetry-to-Prometheus compatibility rules: dots become underscores, the unit
/// becomes a suffix (<c>s</c> → <c>_seconds</c>, <c>By</c> → <c>_bytes</c>; annotations such as <c>{record}</c> add
/// none), counters end in <c>_total</c>, attribute names become label names the same way.
/// </summary>
/// <remarks>
/// Written here rather than taken from a library, after checking what the registry serves: prometheus-net 8.2.1's
/// MeterAdapter exports every .NET counter as a gauge, drops units and prefixes the meter name (not the Grafana-ready
/// OpenTelemetry names the issue asks for); OpenTelemetry.Exporter.Prometheus.HttpListener (1.20.1-beta.1) owns its
/// HttpListener and serves only the scrape path, so <c>/healthz</c> and <c>/readyz</c> could not share the configured
/// listener; the AspNetCore exporter needs the ASP.NET Core shared framework, which the runtime image does not carry.
/// The engine's instruments are all observable counters and gauges, so the exposition is small: at each scrape the
/// observable callbacks run on the scraping thread and the families are written sorted by name, series by labels.
/// Push instruments (Counter, UpDownCounter) are summed as they arrive; histograms are not used by the engine and are
/// not exported.
/// </remarks>
internal sealed class PrometheusExposition : IDisposable
{
    /// <summary>The Content-Type of the exposition.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<Instrument, Family> _families = [];

    /// <summary>Starts collecting the instruments of the meter named <paramref name="meterName"/>.</summary>
    public PrometheusExposition(string meterName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == meterName && Family.Kind(instrument) is not null)
            {
                lock (_gate)
                {
                    _families[instrument] = new Family(instrument);
                }

                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.MeasurementsCompleted = (instrument, _) =>
        {
            lock (_gate)
            {
                _families.Remove(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    /// <summary>The Prometheus name of an instrument (see the class remarks).</summary>
    public static string MetricName(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var name = Sanitize(instrument.Name);
        var unit = instrument.Unit switch
        {
            "s" => "seconds",
            "ms" => "milliseconds",
            "By" => "bytes",
            _ => null,
        };
        if (unit is not null && !name.EndsWith("_" + unit, StringComparison.Ordinal))
        {
            name += "_" + unit;
        }

        return Family.Kind(instrument) == "counter" ? name + "_total" : name;
    }

    /// <summary>A label or metric name: every character outside [a-zA-Z0-9_] becomes '_'.</summary>
    public static string Sanitize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!(char.IsAsciiLetterOrDigit(chars[i]) || chars[i] == '_') || (i == 0 && char.IsAsciiDigit(chars[i])))
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }

    /// <summary>Runs the observable callbacks and writes every family.</summary>
    public string Collect()
    {
        lock (_gate)
        {
            foreach (var family in _families.Values.Where(f => f.Observable))
            {
                family.Series.Clear(); // observations replace the last scrape's: a series that is gone disappears
            }

            _listener.RecordObservableInstruments(); // callbacks run here, on this thread (the gate is re-entrant)
            var text = new StringBuilder();
            foreach (var family in _families.Values.OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                family.WriteTo(text);
            }

            return text.ToString();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _listener.Dispose();

    private void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct, IConvertible
    {
        var labels = Labels(tags);
        var number = value.ToDouble(CultureInfo.InvariantCulture);
        lock (_gate)
        {
            if (_families.TryGetValue(instrument, out var family))
            {
                family.Series[labels] = family.Observable ? number : family.Series.GetValueOrDefault(labels) + number;
            }
        }
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return string.Empty;
        }

        var pairs = new List<(string Name, string Value)>(tags.Length);
        foreach (var tag in tags)
        {
            pairs.Add((Sanitize(tag.Key), Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? string.Empty));
        }

        pairs.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        var text = new StringBuilder("{");
        for (var i = 0; i < pairs.Count; i++)
        {
            text.Append(i == 0 ? string.Empty : ",").Append(pairs[i].Name).Append("=\"").Append(EscapeLabel(pairs[i].Value)).Append('"');
        }

        return text.Append('}').ToString();
    }

    private static string EscapeLabel(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Value(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private sealed class Family(Instrument instrument)
    {
        public string Name { get; } = MetricName(instrument);

        public bool Observable { get; } = instrument.IsObservable;

        /// <summary>Labels text (sorted, escaped) → value.</summary>
        public SortedDictionary<string, double> Series { get; } = new(StringComparer.Ordinal);

        /// <summary>"counter" or "gauge", or null for an instrument the exposition does not export (histograms).</summary>
        public static string? Kind(Instrument instrument)
        {
            var type = instrument.GetType().GetGenericTypeDefinition();
            return type == typeof(Counter<>) || type == typeof(ObservableCounter<>) ? "counter"
                : type == typeof(ObservableGauge<>) || type == typeof(UpDownCounter<>) || type == typeof(ObservableUpDownCounter<>) || type == typeof(Gauge<>) ? "gauge"
                : null;
        }

        public void WriteTo(StringBuilder text)
        {
            var help = (instrument.Description ?? instrument.Name).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
            text.Append("# HELP ").Append(Name).Append(' ').Append(help).Append('\n');
            text.Append("# TYPE ").Append(Name).Append(' ').Append(Kind(instrument)).Append('\n');
            foreach (var (labels, value) in Series)
            {
                text.Append(Name).Append(labels).Append(' ').Append(Value(value)).Append('\n');
            }
        }
    }
}
