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

    private void Emit(CostKey key, CostContribution total, RowKind kind, int revision, List<MetricRow> output)
    {
        var model = ModelNameOf(key.Deployment);
        var dims = DimsPool.Shared.Intern(new DimsKey(key.Source, key.Deployment, model, key.ModelVersion,
            string.Empty, string.Empty, string.Empty, string.Empty));
        var tag = TagOf(key.Deployment);
        var row = new MetricRow
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
        if (key.Source == TelemetrySource.DCGM)
        {
            EmitGpu(row, total, output);
        }
        else
        {
            EmitTokens(row, model, total, output);
        }
    }

    private void EmitGpu(MetricRow row, CostContribution total, List<MetricRow> output)
    {
        if (total.GpuSeconds > 0 || total.UnpricedGpuSeconds == 0)
        {
            output.Add(row with { Count = total.Gpus, Sum = total.GpuUsd, Mean = total.Gpus > 0 ? total.GpuUsd / total.Gpus : double.NaN });
            if (row.Kind == RowKind.Final)
            {
                FinalUsd += total.GpuUsd;
            }
        }

        if (total.UnpricedGpuSeconds > 0)
        {
            output.Add(row with { Metric = CostMetricNames.UnpricedGpuSeconds, Count = total.Gpus, Sum = total.UnpricedGpuSeconds });
            if (row.Kind == RowKind.Final)
            {
                UnpricedGpuSeconds += total.UnpricedGpuSeconds;
                _unpricedModels.Add("gpu:" + (_options.GpuModel.Length > 0 ? _options.GpuModel : "(no gpu model configured)"));
            }
        }
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

    private void EmitTokens(MetricRow row, string model, CostContribution total, List<MetricRow> output)
    {
        if (!total.HasTokens)
        {
            return; // a source without token counts (e.g. Azure OpenAI RequestResponse logs) prices nothing
        }

        var tokens = total.Prompt + total.Completion;
        var type = _options.Deployments.TryGetValue(row.Dims.Deployment, out var d) && !string.IsNullOrEmpty(d.DeploymentType)
            ? d.DeploymentType : _options.DefaultDeploymentType;
        if (!_prices.TryGetTokenPrice(model, row.ModelVersion, type, row.WindowStartMs, out var price))
        {
            if (tokens > 0)
            {
                output.Add(row with { Metric = CostMetricNames.UnpricedTokens, Count = total.Requests, Sum = tokens });
                if (row.Kind == RowKind.Final)
                {
                    UnpricedTokens += tokens;
                    _unpricedModels.Add($"{(model.Length > 0 ? model : "(unknown model)")} {row.ModelVersion} {type} ({row.Dims.Deployment})");
                }
            }

            return;
        }

        var cached = Math.Min(total.Cached, total.Prompt);
        var usd = ((total.Prompt - cached) * price.InputPer1K + cached * price.CachedInputPer1K + total.Completion * price.OutputPer1K) / 1000.0;
        output.Add(row with { Count = total.Requests, Sum = usd, Mean = total.Requests > 0 ? usd / total.Requests : double.NaN });
        if (tokens > 0)
        {
            output.Add(row with { Metric = CostMetricNames.CostPer1KTokens, Count = (long)tokens, Sum = usd, Mean = usd / tokens * 1000.0 });
        }

        if (row.Kind == RowKind.Final)
        {
            FinalUsd += usd;
        }
    }
}
