using System.Runtime.InteropServices;
using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;

namespace AiObsStream.Core.Cost;

/// <summary>
/// Turns a tick's metric rows into cost rows (<see cref="CostMetricNames"/>) of the same kind: on-time rows when a
/// window fires, corrected rows (next revision) when late data changed what a cost row prices, final rows when the
/// window closes. Token spend = (prompt − cached) × input + cached × cached-input + completion × output price of the
/// deployment's model name, version and deployment type at the window start, over billed tokens only (successful
/// calls, or the service's own AllMetrics counts); GPU spend = window length × hourly rate of each physical GPU with
/// any sample row in the window.
/// </summary>
/// <remarks>
/// <para><b>One call is priced once.</b> Per deployment and window, the billing source is the first of
/// <see cref="BillingPrecedence"/> that carried token counts; its rows are <c>cost_usd</c>, the other token sources'
/// are <c>cost_usd_shadow</c>, so summing <c>cost_usd</c> over the table is the bill. Sources only ever gain token rows
/// while a window is live, so the choice only moves up the precedence; when it does, the demoted source's earlier
/// <c>cost_usd</c> rows are retracted by a correction with Sum 0 (same RowId, next revision).</para>
/// <para>Deployment → model name is learned from the rows themselves (Azure OpenAI request logs and AllMetrics carry
/// the model per deployment; other sources are a fallback) unless configured; the model version is the row's own (for
/// GPU rows the version resolved from the deployment's traffic). Rows that cannot be priced become
/// <c>cost_unpriced_*</c> rows and are counted (<see cref="UnpricedTokens"/>, <see cref="UnpricedModels"/>), never a
/// silent zero.</para>
/// <para>Window totals are summed over windows: with hopping windows (hop &lt; size) sums over time overcount by
/// size/hop, as for every other Sum. Not thread-safe: called by the single output stage.</para>
/// </remarks>
public sealed partial class CostDeriver
{
    private readonly PricingOptions _options;
    private readonly PriceTable _prices;
    private readonly List<MetricRow> _input = [];
    private readonly CostInputSorter _sorter = new();
    private readonly List<long> _touched = [];
    private readonly SortedDictionary<long, CostWindow> _finals = [];
    private readonly List<(CostKey Key, CostRole Role, CostContribution Total)> _priced = [];

    /// <summary>Live (fired, not yet final) windows: the latest contribution of each series.</summary>
    private readonly SortedDictionary<long, CostWindow> _live = [];

    /// <summary>What was last emitted for each cost key of a live window, by window start.</summary>
    private readonly SortedDictionary<long, Dictionary<CostKey, EmittedCost>> _emitted = [];

    private readonly Dictionary<string, (string Name, bool FromAzure)> _modelOf = new(StringComparer.Ordinal);
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

    /// <summary>Tokens in final windows that could not be priced (billing sources only).</summary>
    public double UnpricedTokens { get; private set; }

    /// <summary>GPU-seconds in final windows that could not be priced.</summary>
    public double UnpricedGpuSeconds { get; private set; }

    /// <summary>USD in final cost_usd rows so far (the bill; shadow sources excluded).</summary>
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
        _gpuInput.Clear();
        for (var i = 0; i < rows.Count; i++)
        {
            if (IsInput(rows[i]))
            {
                if (rows[i].Dims.Source == TelemetrySource.DCGM)
                {
                    _gpuInput.Add(rows[i]);
                }
                else
                {
                    AddSorted(rows[i]);
                }
            }
        }

        if (_input.Count == 0 && _gpuInput.Count == 0)
        {
            return;
        }

        if (!GpuVersionsAgree())
        {
            foreach (var row in _gpuInput)
            {
                AddSorted(row);
            }

            _gpuInput.Clear();
        }

        _sorter.Sort(_input);
        Learn();
        DeriveLive(output);
        DeriveFinal(output);
        _input.Clear();
        _gpuInput.Clear();
    }

    /// <summary>
    /// Adds a row to the sorted input; a final row that is also the on-time one (<see cref="MetricRow.AlsoOnTime"/>) goes in
    /// as the two rows it stands for, so the sorted path prices and orders exactly what a two-row emission gave it.
    /// </summary>
    private void AddSorted(MetricRow row)
    {
        _input.Add(row);
        if (row.AlsoOnTime)
        {
            _input.Add(row with { Kind = RowKind.OnTime, AlsoOnTime = false });
        }
    }

    /// <summary>
    /// GPU series: any row derived from a GPU sample (a GPU counts when it sent any sample, so MIG instances without
    /// utilization count too); not the ingestion self-metrics that carry the DCGM source without a GPU.
    /// Token sources: token, billed-token, request and cached rows; AllMetrics token totals only with a deployment
    /// (a resource-level total cannot be attributed and would double the per-deployment sources).
    /// </summary>
    private static bool IsInput(MetricRow row) => row.Dims.Source switch
    {
        TelemetrySource.DCGM => row.Metric is MetricNames.GpuUtil or MetricNames.MemCopyUtil or MetricNames.FbUsedPct
            or MetricNames.GpuTempC or MetricNames.PowerW or MetricNames.SmClockMhz or MetricNames.EccDbe or MetricNames.EccSbe
            or MetricNames.Xid or MetricNames.XidCritical,
        TelemetrySource.AzureMetrics => row.Dims.Deployment.Length > 0
            && row.Metric is CostMetricNames.ProcessedPromptTokens or CostMetricNames.GeneratedTokens,
        _ => row.Metric is MetricNames.TokensPrompt or MetricNames.TokensCompletion or MetricNames.Requests
            or CostMetricNames.TokensCached or CostMetricNames.TokensPromptBilled or CostMetricNames.TokensCompletionBilled,
    };

    /// <summary>Learns deployment → model name and → Azure resource; Azure's own rows win over other sources.</summary>
    private void Learn()
    {
        foreach (var row in _input)
        {
            var d = row.Dims;
            if (d.Source == TelemetrySource.DCGM || d.Deployment.Length == 0)
            {
                continue;
            }

            var azure = d.Source is TelemetrySource.AzureOpenAI or TelemetrySource.AzureMetrics;
            if (d.ModelName.Length > 0 && (!_modelOf.TryGetValue(d.Deployment, out var known) || (azure && !known.FromAzure)))
            {
                _modelOf[d.Deployment] = (d.ModelName, azure);
            }

            if (azure && d.Resource.Length > 0)
            {
                _resourceOf.TryAdd(d.Deployment, d.Resource);
            }
        }
    }

    private void DeriveLive(List<MetricRow> output)
    {
        _touched.Clear();
        foreach (var row in _input)
        {
            if (row.Kind == RowKind.Final)
            {
                continue;
            }

            if (!_live.TryGetValue(row.WindowStartMs, out var window))
            {
                _live[row.WindowStartMs] = window = new CostWindow(row.WindowStartMs, row.WindowEndMs);
            }

            if (_touched.Count == 0 || _touched[^1] != row.WindowStartMs)
            {
                _touched.Add(row.WindowStartMs); // input is sorted by window start first
            }

            Apply(ref CollectionsMarshal.GetValueRefOrAddDefault(window.Series, row.Dims, out _), row); // one lookup per row
        }

        if (ApplyGpuRows(final: false, _live))
        {
            OrderTouched();
        }

        foreach (var start in _touched)
        {
            Price(_live[start]);
            if (!_emitted.TryGetValue(start, out var emitted))
            {
                _emitted[start] = emitted = new(_priced.Count); // every key is stored: no growth through the window's first pricing
            }

            foreach (var (key, role, total) in _priced)
            {
                var known = emitted.TryGetValue(key, out var prev);
                if (known && prev.Role == role && prev.Total.SameAs(total))
                {
                    continue; // nothing this key prices changed: no correction
                }

                var revision = known ? prev.Revision + 1 : 0;
                var rows = Emit(key, role, total, known ? RowKind.Correction : RowKind.OnTime, revision, known ? prev : null, output);
                emitted[key] = new EmittedCost(revision, role, rows, total);
            }
        }
    }

    private void DeriveFinal(List<MetricRow> output)
    {
        _finals.Clear();
        foreach (var row in _input)
        {
            if (row.Kind != RowKind.Final)
            {
                continue;
            }

            if (!_finals.TryGetValue(row.WindowStartMs, out var window))
            {
                // the live window's series count is what the final rows carry (usually exactly): no growth of a fresh map
                var capacity = _live.TryGetValue(row.WindowStartMs, out var live) ? live.Series.Count : 0;
                _finals[row.WindowStartMs] = window = new CostWindow(row.WindowStartMs, row.WindowEndMs, capacity);
            }

            Apply(ref CollectionsMarshal.GetValueRefOrAddDefault(window.Series, row.Dims, out _), row); // one lookup per row
        }

        ApplyGpuRows(final: true, _finals);
        foreach (var (start, window) in _finals)
        {
            var emitted = _emitted.GetValueOrDefault(start);
            Price(window);
            foreach (var (key, role, total) in _priced)
            {
                EmittedCost? prev = emitted is not null && emitted.Remove(key, out var p) ? p : null;
                var changed = prev is { } q && (q.Role != role || !q.Total.SameAs(total));
                var revision = prev is { } r ? r.Revision + (changed ? 1 : 0) : 0;
                Emit(key, role, total, RowKind.Final, revision, prev, output);
            }

            if (emitted is { Count: > 0 })
            {
                // Keys emitted live that the final rows no longer carry (not expected: final rows are a superset): retract
                // what they billed rather than leave a live cost_usd standing.
                var leftovers = new List<KeyValuePair<CostKey, EmittedCost>>(emitted);
                leftovers.Sort(static (x, y) => CostKeyOrder.Instance.Compare(x.Key, y.Key));
                foreach (var (key, prev) in leftovers)
                {
                    Retract(key, prev.Revision + 1, RowKind.Final, prev.Role == CostRole.Billing ? prev.Rows : CostRowSet.None, output);
                }
            }

            _live.Remove(start);
            _emitted.Remove(start);
        }

        _finals.Clear();
    }

    /// <summary>Sets the field of <paramref name="c"/> that <paramref name="row"/> carries (rows of a series overwrite).</summary>
    private static void Apply(ref CostContribution c, MetricRow row)
    {
        c.ModelVersion = row.ModelVersion;
        if (row.Dims.Source == TelemetrySource.DCGM)
        {
            c.Gpus = 1; // any sample row of the series in the window
            return;
        }

        switch (row.Metric)
        {
            case MetricNames.TokensPrompt or MetricNames.TokensCompletion: c.HasTokens = true; break;
            case CostMetricNames.TokensPromptBilled: c.Prompt = row.Sum; c.HasTokens = true; break;
            case CostMetricNames.ProcessedPromptTokens:
                // AllMetrics has no request count per token point; its sample count is one per call that processed tokens.
                c.Prompt = row.Sum;
                c.Requests = row.Count;
                c.HasTokens = true;
                break;
            case CostMetricNames.TokensCompletionBilled or CostMetricNames.GeneratedTokens: c.Completion = row.Sum; c.HasTokens = true; break;
            case CostMetricNames.TokensCached: c.Cached = row.Sum; break;
            case MetricNames.Requests: c.Requests = row.Count; break;
        }
    }
}
