namespace AiObsStream.LogAnalytics.Tests;

/// <summary>Holds a request inside <see cref="IngestionTestServer"/> (body read, answer not yet decided) until the test
/// releases it, so interleavings of the sink and the server can be forced instead of hoped for.</summary>
internal sealed class FaultGate
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a request is being held.</summary>
    public Task Reached => _reached.Task;

    public void Release() => _released.TrySetResult();

    /// <summary>Called by the server: signals <see cref="Reached"/> and waits for <see cref="Release"/>.</summary>
    public Task HoldAsync(CancellationToken ct)
    {
        _reached.TrySetResult();
        return _released.Task.WaitAsync(ct);
    }
}
