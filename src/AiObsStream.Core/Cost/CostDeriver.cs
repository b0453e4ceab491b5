using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;

namespace AiObsStream.Core.Cost;

/// <summary>
/// Turns a tick's metric rows into cost rows (<see cref="CostMetricNames"/>) of the same kind: on-time rows when a
/// window fires, corrected rows (next revision) when late data changed any contributing series, final rows when the
/// window closes. Token spend = (prompt − cached) × input + cached × cached-input + completion × output price of the
/// deployment's model name, version and deployment type at the window start; GPU spend = window length × hourly rate
/// of each GPU seen (a <c>gpu_util</c> row with samples) in the window.
/// </summary>
/// <remarks>
/// <para>Deployment → model name is learned from the rows themselves (Azure OpenAI request logs carry modelName per
/// deployment; other sources are a fallback) unless configured; the model version is the row's own (for GPU rows the
/// version resolved from the deployment's traffic). Rows that cannot be priced become <c>cost_unpriced_*</c> rows and
/// are counted (<see cref="UnpricedTokens"/>, <see cref="UnpricedModels"/>), never a silent zero.</para>
/// <para>Window totals are summed over windows: with hopping windows (hop &lt; size) sums over time overcount by
/// size/hop, as for every other Sum. Not thread-safe: called by the single output stage.</para>
/// </remarks>
public sealed partial class CostDeriver
{
    private readonly PricingOptions _options;
    private readonly PriceTable _prices;
    private readonly List<MetricRow> _input = [];
    private readonly Dictionary<CostKey, CostContribution> _groups = [];
    private readonly Dictionary<CostKey, string> _groupModel = [];
    private readonly List<CostKey> _touched = [];
    private readonly HashSet<CostKey> _touchedSet = [];

    /// <summary>Live (fired, not yet final) windows: the latest contribution of each series.</summary>
    private readonly SortedDictionary<long, Dictionary<SeriesDims, CostContribution>> _live = [];

    /// <summary>Revision of each cost row already emitted for a live window.</summary>
    private readonly Dictionary<CostKey, int> _revisions = [];

    private readonly Dictionary<string, (string Name, bool FromAzureOpenAI)> _modelOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _resourceOf = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _unpricedModels = new(StringComparer.Ordinal);

    /// <summary>Creates a deriver.</summary>
    /// <param name="options">Pricing options.</param>
    /// <exception cref="ArgumentException">The price table is invalid; the message names the entry.</exception>
    public CostDeriver(PricingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _prices = new PriceTable(options);
    }

    /// <summary>The price table in use.</summary>
    public PriceTable Prices => _prices;

    /// <summary>Tokens in final windows that could not be priced.</summary>
    public double UnpricedTokens { get; private set; }

    /// <summary>GPU-seconds in final windows that could not be priced.</summary>
    public double UnpricedGpuSeconds { get; private set; }

    /// <summary>USD in final cost_usd rows so far.</summary>
    public double FinalUsd { get; private set; }

    /// <summary>"model version type" (or "gpu:MODEL") of everything that could not be priced, sorted.</summary>
    public IReadOnlyCollection<string> UnpricedModels => _unpricedModels;

    /// <summary>Appends the cost rows derived from <paramref name="rows"/> (one tick, any kinds) to <paramref name="output"/>.</summary>
    /// <param name="rows">The tick's rows (GPU rows with their resolved model version); not modified.</param>
    /// <param name="output">Receives cost rows.</param>
    public void Derive(IReadOnlyList<MetricRow> rows, List<MetricRow> output)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(output);
        if (!_options.Enabled)
        {
            return;
        }

        _input.Clear();
        for (var i = 0; i < rows.Count; i++)
        {
            if (IsInput(rows[i]))
            {
                _input.Add(rows[i]);
            }
        }

        if (_input.Count == 0)
        {
            return;
        }

        _input.Sort(CostInputOrder.Instance);
        Learn();
        DeriveLive(output);
        DeriveFinal(output);
        _input.Clear();
    }

    private static bool IsInput(MetricRow row) => row.Dims.Source == TelemetrySource.DCGM
        ? row.Metric == MetricNames.GpuUtil
        : row.Metric is MetricNames.TokensPrompt or MetricNames.TokensCompletion or MetricNames.Requests or CostMetricNames.TokensCached;

    /// <summary>Learns deployment → model name and → Azure resource; Azure OpenAI rows win over other sources.</summary>
    private void Learn()
    {
        foreach (var row in _input)
        {
            var d = row.Dims;
            if (d.Source == TelemetrySource.DCGM || d.Deployment.Length == 0)
            {
                continue;
            }

            var aoai = d.Source == TelemetrySource.AzureOpenAI;
            if (d.ModelName.Length > 0 && (!_modelOf.TryGetValue(d.Deployment, out var known) || (aoai && !known.FromAzureOpenAI)))
            {
                _modelOf[d.Deployment] = (d.ModelName, aoai);
            }

            if (aoai && d.Resource.Length > 0)
            {
                _resourceOf.TryAdd(d.Deployment, d.Resource);
            }
        }
    }

    private void DeriveLive(List<MetricRow> output)
    {
        _touched.Clear();
        _touchedSet.Clear();
        foreach (var row in _input)
        {
            if (row.Kind == RowKind.Final)
            {
                continue;
            }

            if (!_live.TryGetValue(row.WindowStartMs, out var window))
            {
                _live[row.WindowStartMs] = window = [];
            }

            var c = window.GetValueOrDefault(row.Dims);
            Apply(ref c, row);
            window[row.Dims] = c;
            var key = KeyOf(row, c.ModelVersion);
            if (_touchedSet.Add(key))
            {
                _touched.Add(key);
            }
        }

        foreach (var key in _touched)
        {
            var total = default(CostContribution);
            foreach (var (dims, c) in _live[key.WindowStartMs])
            {
                if (dims.Source == key.Source && dims.Deployment == key.Deployment && c.ModelVersion == key.ModelVersion)
                {
                    total.Add(c);
                }
            }

            var kind = _revisions.TryGetValue(key, out var revision) ? RowKind.Correction : RowKind.OnTime;
            revision = kind == RowKind.Correction ? revision + 1 : 0;
            _revisions[key] = revision;
            Emit(key, total, kind, revision, output);
        }
    }

    private void DeriveFinal(List<MetricRow> output)
    {
        _groups.Clear();
        _touched.Clear();
        foreach (var row in _input)
        {
            if (row.Kind != RowKind.Final)
            {
                continue;
            }

            var c = default(CostContribution);
            Apply(ref c, row);
            var key = KeyOf(row, c.ModelVersion);
            if (!_groups.TryGetValue(key, out var total))
            {
                _touched.Add(key);
            }

            total.Add(c);
            _groups[key] = total;
        }

        foreach (var key in _touched)
        {
            var revision = _revisions.GetValueOrDefault(key);
            Emit(key, _groups[key], RowKind.Final, revision, output);
            _revisions.Remove(key);
            _live.Remove(key.WindowStartMs);
        }
    }

    private static CostKey KeyOf(MetricRow row, string version) =>
        new(row.WindowStartMs, row.WindowEndMs, row.Dims.Source, row.Dims.Deployment, version);

    /// <summary>Sets the field of <paramref name="c"/> that <paramref name="row"/> carries (rows of a series overwrite).</summary>
    private void Apply(ref CostContribution c, MetricRow row)
    {
        c.ModelVersion = row.ModelVersion;
        switch (row.Metric)
        {
            case MetricNames.TokensPrompt: c.Prompt = row.Sum; c.HasTokens = true; break;
            case MetricNames.TokensCompletion: c.Completion = row.Sum; c.HasTokens = true; break;
            case CostMetricNames.TokensCached: c.Cached = row.Sum; break;
            case MetricNames.Requests: c.Requests = row.Count; break;
            case MetricNames.GpuUtil:
                c.Gpus = row.Count > 0 ? 1 : 0;
                var seconds = row.Count > 0 ? (row.WindowEndMs - row.WindowStartMs) / 1000.0 : 0;
                var gpuModel = _options.GpuModelByHost.GetValueOrDefault(row.Dims.Host, _options.GpuModel);
                if (_prices.TryGetGpuPrice(gpuModel, row.WindowStartMs, out var rate))
                {
                    c.GpuSeconds = seconds;
                    c.GpuUsd = seconds * rate.UsdPerHour / 3600.0;
                    c.UnpricedGpuSeconds = 0;
                }
                else
                {
                    c.GpuSeconds = 0;
                    c.GpuUsd = 0;
                    c.UnpricedGpuSeconds = seconds;
                }

                break;
        }
    }
}
