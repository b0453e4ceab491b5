using System.Text;
using AiObsStream.Core.Events;
using AiObsStream.Formats.Prometheus;

namespace AiObsStream.Formats.Tests.Prometheus;

/// <summary>
/// OpenMetrics names a counter family's samples <c>X_total</c> (and <c>X_created</c>): a DCGM counter field re-exposed
/// in OpenMetrics (by a collector or a proxy) must reach the engine under its field name, or ECC and energy
/// derivations never see it.
/// </summary>
public class OpenMetricsDcgmCounterTests
{
    [Fact]
    public void TryParse_OpenMetricsDcgmCounter_MapsTotalSampleToTheFieldAndIgnoresCreated()
    {
        const string unit = """
            # TYPE DCGM_FI_DEV_ECC_SBE_VOL_TOTAL counter
            # HELP DCGM_FI_DEV_ECC_SBE_VOL_TOTAL Total number of single-bit volatile ECC errors.
            DCGM_FI_DEV_ECC_SBE_VOL_TOTAL_total{gpu="0",UUID="GPU-3f1c9a2e-7b4d-4e58-a1c6-0d9e8b7a6f51",Hostname="node-1"} 12 1795345957.000
            DCGM_FI_DEV_ECC_SBE_VOL_TOTAL_created{gpu="0",UUID="GPU-3f1c9a2e-7b4d-4e58-a1c6-0d9e8b7a6f51",Hostname="node-1"} 1795300000.000 1795345957.000
            # TYPE DCGM_FI_DEV_GPU_TEMP gauge
            DCGM_FI_DEV_GPU_TEMP{gpu="0",UUID="GPU-3f1c9a2e-7b4d-4e58-a1c6-0d9e8b7a6f51",Hostname="node-1"} 61 1795345957.000
            # EOF

            """;
        using var output = new EventBuffer();
        var rejects = new List<ParseError>();
        var parser = new PrometheusUnitParser { DefaultTimeUnixMs = 1_795_345_957_000 };

        var ok = parser.TryParse(Encoding.UTF8.GetBytes(unit.Replace("\r\n", "\n", StringComparison.Ordinal)), output, rejects, out var failure);

        Assert.True(ok, failure.Message);
        Assert.Empty(rejects);
        var events = output.Span.ToArray();
        Assert.Equal([DcgmFields.EccSbeVolTotal, "DCGM_FI_DEV_GPU_TEMP"], events.Select(e => e.Metric));
        Assert.Equal(12, events[0].Value);
        Assert.Equal(1_795_345_957_000, events[0].TimeUnixMs);
    }
}
