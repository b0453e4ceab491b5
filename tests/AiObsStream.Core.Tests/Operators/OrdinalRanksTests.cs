using AiObsStream.Core.Operators;

namespace AiObsStream.Core.Tests.Operators;

public class OrdinalRanksTests
{
    /// <summary>One batch as the sorters use it: find every value, renumber, look up again when ranks changed.</summary>
    private static (int[] Ranks, bool Renumbered) Rank(OrdinalRanks<string> table, params string[] values)
    {
        table.BeginBatch();
        var ranks = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            ranks[i] = table.Find(values[i]);
        }

        var renumbered = table.Renumber();
        for (var i = 0; renumbered && i < values.Length; i++)
        {
            ranks[i] = table.RankOf(values[i]);
        }

        return (ranks, renumbered);
    }

    /// <summary>Sorting by rank gives the order of the values: ranks agree in sign with every pairwise comparison.</summary>
    private static void AssertFollowsOrder(string[] values, int[] ranks)
    {
        for (var i = 0; i < values.Length; i++)
        {
            for (var j = 0; j < values.Length; j++)
            {
                Assert.Equal(Math.Sign(string.CompareOrdinal(values[i], values[j])), Math.Sign(ranks[i].CompareTo(ranks[j])));
            }
        }
    }

    [Fact]
    public void Ranks_follow_the_ordinal_order_and_equal_values_share_a_rank()
    {
        var table = new OrdinalRanks<string>(StringComparer.Ordinal, StringComparer.Ordinal);
        string[] values = ["gpu_util", "B", "a", "gpu_util", "", "a", "Z"];
        var (ranks, renumbered) = Rank(table, values);
        Assert.True(renumbered);
        AssertFollowsOrder(values, ranks);
        Assert.Equal(5, table.Count);
    }

    [Fact]
    public void A_batch_of_known_values_is_ranked_without_renumbering()
    {
        var table = new OrdinalRanks<string>(StringComparer.Ordinal, StringComparer.Ordinal);
        var (first, _) = Rank(table, "c", "a", "b");
        var (again, renumbered) = Rank(table, "b", "c", "a");
        Assert.False(renumbered);
        Assert.Equal([first[2], first[0], first[1]], again);
    }

    [Fact]
    public void New_values_are_merged_among_the_known_ones()
    {
        var table = new OrdinalRanks<string>(StringComparer.Ordinal, StringComparer.Ordinal);
        Rank(table, "d", "b");
        string[] values = ["e", "a", "c", "b", "d"];
        var (ranks, renumbered) = Rank(table, values);
        Assert.True(renumbered);
        AssertFollowsOrder(values, ranks);
        Assert.Equal(5, table.Count);
    }

    [Fact]
    public void Random_batches_over_many_ticks_stay_consistent_and_bounded()
    {
        var random = new Random(12);
        var table = new OrdinalRanks<string>(StringComparer.Ordinal, StringComparer.Ordinal, capacity: 64);
        for (var tick = 0; tick < 300; tick++)
        {
            var values = new string[random.Next(1, 40)];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = "s" + random.Next(0, 500).ToString("x", System.Globalization.CultureInfo.InvariantCulture);
            }

            AssertFollowsOrder(values, Rank(table, values).Ranks);
            Assert.True(table.Count <= 64 + values.Length, $"tick {tick}: {table.Count} values remembered");
        }
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => new OrdinalRanks<string>(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OrdinalRanks<string>(StringComparer.Ordinal, capacity: 0));
        var table = new OrdinalRanks<string>(StringComparer.Ordinal, StringComparer.Ordinal);
        Assert.Throws<KeyNotFoundException>(() => table.RankOf("never found"));
    }
}
