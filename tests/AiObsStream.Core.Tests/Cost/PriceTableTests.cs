using AiObsStream.Core.Cost;

namespace AiObsStream.Core.Tests.Cost;

public class PriceTableTests
{
    private const long Jan2025 = 1_735_689_600_000;
    private const long Jul2025 = 1_751_328_000_000;

    private static TokenPrice Price(string version, long from, double input, string type = "GlobalStandard") => new()
    {
        ModelName = "gpt-4o", ModelVersion = version, DeploymentType = type, EffectiveFromMs = from,
        InputPer1K = input, CachedInputPer1K = input / 2, OutputPer1K = input * 4,
    };

    [Fact]
    public void TryGetTokenPrice_BundledGpt4o_ListPricePerThousand()
    {
        var table = new PriceTable(new PricingOptions());
        foreach (var version in new[] { "2024-08-06", "2024-11-20" })
        {
            Assert.True(table.TryGetTokenPrice("GPT-4o", version, "globalstandard", Jan2025, out var p));
            Assert.Equal(0.0025, p.InputPer1K, 12);
            Assert.Equal(0.01, p.OutputPer1K, 12);
            Assert.Equal(0.00125, p.CachedInputPer1K, 12);
            Assert.Contains("recorded 2026-11-22", p.Source, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TryGetTokenPrice_EffectiveDates_NewestEntryAtOrBeforeTimeWins()
    {
        var table = new PriceTable(new PricingOptions
        {
            UseBundledPrices = false,
            TokenPrices = [Price("2024-08-06", Jul2025, 0.002), Price("2024-08-06", Jan2025, 0.003)],
        });
        Assert.False(table.TryGetTokenPrice("gpt-4o", "2024-08-06", "GlobalStandard", Jan2025 - 1, out _));
        Assert.True(table.TryGetTokenPrice("gpt-4o", "2024-08-06", "GlobalStandard", Jan2025, out var a));
        Assert.Equal(0.003, a.InputPer1K);
        Assert.True(table.TryGetTokenPrice("gpt-4o", "2024-08-06", "GlobalStandard", Jul2025 - 1, out var b));
        Assert.Equal(0.003, b.InputPer1K);
        Assert.True(table.TryGetTokenPrice("gpt-4o", "2024-08-06", "GlobalStandard", Jul2025, out var c));
        Assert.Equal(0.002, c.InputPer1K);
    }

    [Fact]
    public void TryGetTokenPrice_ExactVersionBeatsWildcardAndConfigReplacesBundledOnSameDate()
    {
        var table = new PriceTable(new PricingOptions
        {
            TokenPrices = [Price(TokenPrice.AnyVersion, 0, 0.009), Price("2024-11-20", BundledPrices.EffectiveFromMs, 0.001)],
        });
        Assert.True(table.TryGetTokenPrice("gpt-4o", "2024-11-20", "GlobalStandard", Jan2025, out var exact));
        Assert.Equal(0.001, exact.InputPer1K);
        Assert.True(table.TryGetTokenPrice("gpt-4o", "2099-01-01", "GlobalStandard", Jan2025, out var any));
        Assert.Equal(0.009, any.InputPer1K);
    }

    [Theory]
    [InlineData("gpt-4o", "2024-08-06", "Standard")]
    [InlineData("gpt-unknown", "1", "GlobalStandard")]
    [InlineData("", "2024-08-06", "GlobalStandard")]
    public void TryGetTokenPrice_UnknownModelVersionOrType_NotFound(string model, string version, string type)
    {
        Assert.False(new PriceTable(new PricingOptions()).TryGetTokenPrice(model, version, type, Jan2025, out _));
    }

    [Fact]
    public void TryGetGpuPrice_EffectiveDated()
    {
        var table = new PriceTable(new PricingOptions
        {
            GpuPrices = [new GpuPrice { GpuModel = "H100", EffectiveFromMs = Jan2025, UsdPerHour = 10 }, new GpuPrice { GpuModel = "H100", EffectiveFromMs = Jul2025, UsdPerHour = 8 }],
        });
        Assert.False(table.TryGetGpuPrice("h100", Jan2025 - 1, out _));
        Assert.True(table.TryGetGpuPrice("h100", Jan2025, out var a));
        Assert.Equal(10, a.UsdPerHour);
        Assert.True(table.TryGetGpuPrice("H100", Jul2025 + 5, out var b));
        Assert.Equal(8, b.UsdPerHour);
        Assert.False(table.TryGetGpuPrice("A100", Jul2025, out _));
    }

    [Fact]
    public void Ctor_NegativePrice_ThrowsNamingEntry()
    {
        var ex = Assert.Throws<ArgumentException>(() => new PriceTable(new PricingOptions { TokenPrices = [Price("v", 0, -1)] }));
        Assert.Contains("gpt-4o v GlobalStandard", ex.Message, StringComparison.Ordinal);
    }
}
