using AiObsStream.Core.Aggregation;
using AiObsStream.Core.Events;

namespace AiObsStream.Core.Cost;

/// <content>Pricing of one cost key and the rows it becomes.</content>
public sealed partial class CostDeriver
{
    /// <summary>The model name of a deployment: configured, else learned from the rows.</summary>
    public string ModelNameOf(string deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        return _options.Deployments.TryGetValue(deployment, out var d) && !string.IsNullOrEmpty(d.ModelName) ? d.ModelName
            : _modelOf.TryGetValue(deployment, out var learned) ? learned.Name : string.Empty;
    }

    /// <summary>The cost tag of a deployment: by deployment, else by the Azure resource serving it, else the default.</summary>
    public CostTag TagOf(string deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        return _options.TagsByDeployment.TryGetValue(deployment, out var tag) ? tag
            : _resourceOf.TryGetValue(deployment, out var resource) && _options.TagsByResource.TryGetValue(resource, out var byResource) ? byResource
            : _options.DefaultTag;
    }

    /// <summary>
    /// Writes the rows of one cost key: billing rows, shadow rows or none; first retracts the <c>cost_usd</c> rows of
    /// an earlier billing emission when the key is no longer the billing source. Returns the billing metrics written.
    /// </summary>
    private CostRowSet Emit(CostKey key, CostRole role, CostContribution total, RowKind kind, int revision, EmittedCost? prev,
        List<MetricRow> output)
    {
        if (prev is { Role: CostRole.Billing } p && role != CostRole.Billing)
        {
            Retract(key, revision, kind, p.Rows, output);
        }

        if (role == CostRole.None)
        {
            return CostRowSet.None;
        }

        var row = NewRow(key, kind, revision);
        if (role == CostRole.Shadow)
        {
            EmitShadow(row, total, output);
            return CostRowSet.None;
        }

        return key.Source == TelemetrySource.DCGM ? EmitGpu(row, total, output) : EmitTokens(row, total, output);
    }

    /// <summary>Zero rows (Count 0, Sum 0) for the billing metrics a key wrote before: with <c>--emit updates</c> the
    /// latest revision of each RowId is what counts, so the demoted source stops counting in <c>sum(cost_usd)</c>.</summary>
    private void Retract(CostKey key, int revision, RowKind kind, CostRowSet rows, List<MetricRow> output)
    {
        var row = NewRow(key, kind, revision);
        if ((rows & CostRowSet.CostUsd) != 0)
        {
            output.Add(row);
        }

        if ((rows & CostRowSet.Per1K) != 0)
        {
            output.Add(row with { Metric = CostMetricNames.CostPer1KTokens });
        }

        if ((rows & CostRowSet.UnpricedTokens) != 0)
        {
            output.Add(row with { Metric = CostMetricNames.UnpricedTokens });
        }

        if ((rows & CostRowSet.UnpricedGpuSeconds) != 0)
        {
            output.Add(row with { Metric = CostMetricNames.UnpricedGpuSeconds });
        }
    }

    private MetricRow NewRow(CostKey key, RowKind kind, int revision)
    {
        var model = ModelNameOf(key.Deployment);
        var dims = DimsPool.Shared.Intern(new DimsKey(key.Source, key.Deployment, model, key.ModelVersion,
            string.Empty, string.Empty, string.Empty, string.Empty));
        var tag = TagOf(key.Deployment);
        return new MetricRow
        {
            WindowStartMs = key.WindowStartMs,
            WindowEndMs = key.WindowEndMs,
            Metric = CostMetricNames.CostUsd,
            Dims = dims,
            ModelVersion = key.ModelVersion,
            Count = 0,
            Sum = 0,
            Min = double.NaN,
            Max = double.NaN,
            Mean = double.NaN,
            Revision = revision,
            Kind = kind,
            Team = tag.Team,
            Project = tag.Project,
        };
    }

    private CostRowSet EmitGpu(MetricRow row, CostContribution total, List<MetricRow> output)
    {
        var rows = CostRowSet.None;
        if (total.GpuSeconds > 0 || total.UnpricedGpuSeconds == 0)
        {
            output.Add(row with { Count = total.Gpus, Sum = total.GpuUsd, Mean = total.Gpus > 0 ? total.GpuUsd / total.Gpus : double.NaN });
            rows |= CostRowSet.CostUsd;
            if (row.Kind == RowKind.Final)
            {
                FinalUsd += total.GpuUsd;
            }
        }

        if (total.UnpricedGpuSeconds > 0)
        {
            output.Add(row with { Metric = CostMetricNames.UnpricedGpuSeconds, Count = total.Gpus, Sum = total.UnpricedGpuSeconds });
            rows |= CostRowSet.UnpricedGpuSeconds;
            if (row.Kind == RowKind.Final)
            {
                UnpricedGpuSeconds += total.UnpricedGpuSeconds;
                _unpricedModels.Add("gpu:" + (_options.GpuModel.Length > 0 ? _options.GpuModel : "(no gpu model configured)"));
            }
        }

        return rows;
    }

    /// <summary>
    /// Token cost in USD of <paramref name="promptTokens"/> + <paramref name="completionTokens"/> for one deployment and
    /// model version at <paramref name="atMs"/> (all prompt tokens at the full input price); NaN when no price applies.
    /// Used by the model-version regression verdict to compare cost per request.
    /// </summary>
    public double TokenCostUsd(string deployment, string modelName, string modelVersion, long atMs, double promptTokens, double completionTokens)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var model = string.IsNullOrEmpty(modelName) ? ModelNameOf(deployment) : modelName;
        var type = _options.Deployments.TryGetValue(deployment, out var d) && !string.IsNullOrEmpty(d.DeploymentType)
            ? d.DeploymentType : _options.DefaultDeploymentType;
        return _prices.TryGetTokenPrice(model, modelVersion ?? string.Empty, type, atMs, out var price)
            ? (promptTokens * price.InputPer1K + completionTokens * price.OutputPer1K) / 1000.0
            : double.NaN;
    }

    private string DeploymentTypeOf(string deployment) =>
        _options.Deployments.TryGetValue(deployment, out var d) && !string.IsNullOrEmpty(d.DeploymentType)
            ? d.DeploymentType : _options.DefaultDeploymentType;

    /// <summary>USD of <paramref name="total"/>'s billed tokens; false when no price applies.</summary>
    private bool TryPrice(MetricRow row, CostContribution total, out double usd)
    {
        usd = 0;
        if (!_prices.TryGetTokenPrice(row.Dims.ModelName, row.ModelVersion, DeploymentTypeOf(row.Dims.Deployment), row.WindowStartMs, out var price))
        {
            return false;
        }

        var cached = Math.Min(total.Cached, total.Prompt);
        usd = ((total.Prompt - cached) * price.InputPer1K + cached * price.CachedInputPer1K + total.Completion * price.OutputPer1K) / 1000.0;
        return true;
    }

    private void EmitShadow(MetricRow row, CostContribution total, List<MetricRow> output)
    {
        // Unpriced tokens are reported by the billing source only: a shadow would count the same calls twice.
        if (TryPrice(row, total, out var usd))
        {
            output.Add(row with
            {
                Metric = CostMetricNames.CostUsdShadow, Count = total.Requests, Sum = usd,
                Mean = total.Requests > 0 ? usd / total.Requests : double.NaN,
            });
        }
    }

    private CostRowSet EmitTokens(MetricRow row, CostContribution total, List<MetricRow> output)
    {
        var tokens = total.Prompt + total.Completion;
        if (!TryPrice(row, total, out var usd))
        {
            if (!(tokens > 0))
            {
                return CostRowSet.None;
            }

            var model = row.Dims.ModelName;
            var type = DeploymentTypeOf(row.Dims.Deployment);
            output.Add(row with { Metric = CostMetricNames.UnpricedTokens, Count = total.Requests, Sum = tokens });
            if (row.Kind == RowKind.Final)
            {
                UnpricedTokens += tokens;
                _unpricedModels.Add($"{(model.Length > 0 ? model : "(unknown model)")} {row.ModelVersion} {type} ({row.Dims.Deployment})");
            }

            return CostRowSet.UnpricedTokens;
        }

        var rows = CostRowSet.CostUsd;
        output.Add(row with { Count = total.Requests, Sum = usd, Mean = total.Requests > 0 ? usd / total.Requests : double.NaN });
        if (tokens > 0)
        {
            output.Add(row with { Metric = CostMetricNames.CostPer1KTokens, Count = (long)tokens, Sum = usd, Mean = usd / tokens * 1000.0 });
            rows |= CostRowSet.Per1K;
        }

        if (row.Kind == RowKind.Final)
        {
            FinalUsd += usd;
        }

        return rows;
    }
}
