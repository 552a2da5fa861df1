using Analytics.Hosting;
using Analytics.Ingest;

namespace Analytics.Silo;

/// <summary>
/// Runs <see cref="BatchRecovery"/>: once as the silo starts, then every few minutes. The embedded silo is the whole
/// cluster, so at its start every batch still applying was cut by its stop; with several silos, another may be
/// applying a batch right now, so only batches older than <see cref="Patience"/> (far longer than any batch takes)
/// are taken for cut. The periodic pass finishes batches whose API process stopped while the silos ran on.
/// </summary>
public sealed class CutBatchRecovery(BatchRecovery recovery, ClusterSettings settings, TimeProvider clock, ILogger<CutBatchRecovery> log)
    : BackgroundService, IStartupTask
{
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(5);

    Task IStartupTask.Execute(CancellationToken cancellationToken) =>
        RunAsync(settings.Mode == ClusterMode.Embedded ? clock.GetUtcNow() : clock.GetUtcNow() - Patience, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
            await RunAsync(clock.GetUtcNow() - Patience, stoppingToken);
    }

    private async Task RunAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        try
        {
            await recovery.RecoverAsync(cutoff, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The batches stay as they are (applying, with their journal) for the next pass.
            log.LogWarning(ex, "Finishing batches cut by a stop failed; trying again in {Minutes} minutes", Every.TotalMinutes);
        }
    }
}
