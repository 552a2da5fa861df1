namespace Analytics.Api;

/// <summary>
/// Tells the moment this client loses a gateway (the silo it talks through stopped). A grain call sent through it is
/// otherwise answered only by Orleans' response timeout, 30 s later; a batch being applied waits on <see cref="Lost"/>
/// too and answers 503 at once, saying the batch is journaled and will be finished.
/// </summary>
public sealed class GatewayWatch : IClusterConnectionStatusObserver
{
    private TaskCompletionSource _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a gateway is lost after this was read.</summary>
    public Task Lost => Volatile.Read(ref _lost).Task;

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        if (currentNumberOfGateways < previousNumberOfGateways) Signal();
    }

    public void NotifyClusterConnectionLost() => Signal();

    private void Signal() =>
        Interlocked.Exchange(ref _lost, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
