using System.Collections.Concurrent;
using AiObsStream.Pipeline.Sinks.Http;
using AiObsStream.TestKit;

namespace AiObsStream.Pipeline.Tests.Sinks.Http;

/// <summary>The delivery loop the webhook and action sinks share: outcomes once per item, retries, and an owner's fault survived.</summary>
[Trait("Category", "Integration")]
public sealed class RetryingPosterTests
{
    private static PostSettings Settings(int capacity = 100) =>
        new(3, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromSeconds(10), capacity, TimeSpan.FromSeconds(30), TimeProvider.System);

    private static Func<int, HttpRequestMessage> Post(Uri url) => _ => new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent("{}") };

    [Fact]
    public async Task TransientThenSuccess_OneOutcomePerItem_RetriesCounted_PermanentErrorNotRetried()
    {
        using var server = new LoopbackHttpServer { StatusFor = n => n switch { 1 => 503, 2 => 429, 3 => 200, _ => 400 } };
        var outcomes = new ConcurrentQueue<(int Item, PostOutcome Outcome)>();
        await using (var poster = new RetryingPoster<int>(Settings(), Post(server.Url), i => $"item {i}", (i, o) => outcomes.Enqueue((i, o)), null))
        {
            poster.Enqueue(1);
            await poster.FlushAsync(CancellationToken.None);
            poster.Enqueue(2);
            await poster.FlushAsync(CancellationToken.None);

            Assert.Equal((2L, 0L, 0L), (poster.Retries, poster.Faults, poster.Pending));
            Assert.Equal("item 2: HTTP 400 Bad Request", poster.LastError);
        }

        Assert.Equal(
            [(1, new PostOutcome(true, 3, 200, null)), (2, new PostOutcome(false, 1, 400, "HTTP 400 Bad Request"))],
            outcomes.ToArray());
        Assert.Equal(4, server.Requests);
    }

    [Fact]
    public async Task OwnerThrowsOnAnOutcome_CountedAsFault_LoopGoesOn()
    {
        using var server = new LoopbackHttpServer { Status = 200 };
        var seen = new ConcurrentQueue<int>();
        await using var poster = new RetryingPoster<int>(Settings(), Post(server.Url), i => $"item {i}",
            (i, _) =>
            {
                seen.Enqueue(i);
                if (i == 1)
                {
                    throw new InvalidOperationException("log broken");
                }
            },
            null);

        poster.Enqueue(1);
        poster.Enqueue(2);
        await poster.FlushAsync(CancellationToken.None);

        Assert.Equal([1, 2], seen.ToArray());
        Assert.Equal((1L, 0L), (poster.Faults, poster.Pending));
        Assert.Equal("item 1: recording the outcome failed: log broken", poster.LastError);
        Assert.Null(poster.Problem("test", "items", "dropped"));
    }

    [Fact]
    public async Task AfterDispose_EnqueueFailsAtOnce_AsShutdown()
    {
        using var server = new LoopbackHttpServer { Status = 200 };
        var outcomes = new ConcurrentQueue<PostOutcome>();
        var poster = new RetryingPoster<int>(Settings(), Post(server.Url), i => $"item {i}", (_, o) => outcomes.Enqueue(o), null);
        await poster.DisposeAsync();

        poster.Enqueue(7);

        Assert.Equal([new PostOutcome(false, 0, null, "shutdown before delivery")], outcomes.ToArray());
        Assert.Equal(0, poster.Pending);
    }
}
