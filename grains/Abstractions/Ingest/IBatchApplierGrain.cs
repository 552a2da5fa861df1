using Analytics.Domain;

namespace Analytics.Ingest;

/// <summary>
/// Applies a part of a batch from inside a silo, one call per series there: the API sends a part in one message
/// instead of one call per series (a batch whose every row is a new series was a thousand client calls, each
/// serialised and sent on both sides). A stateless worker: it holds nothing, runs on the silo that receives the call,
/// and any key will do (<see cref="ObservationIngestor"/> spreads its parts over a few).
/// </summary>
public interface IBatchApplierGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Upserts each series of <paramref name="part"/> (every figure of a series is in the same part), pushes their
    /// figures to the leaderboards, one call per indicator, and answers the counts summed. Only within a batch
    /// announced to those leaderboards (<see cref="Indicators.IIndicatorGrain.ExpectAsync"/>), so that a push lost
    /// with a stopped silo is pulled by their repair. A series grain's refusal (<see cref="StateLimitException"/>) or
    /// failure fails the call; the series already applied stay applied and pushed, which a retry of the whole batch
    /// treats as unchanged.
    /// </summary>
    Task<UpsertCounts> ApplyAsync(IReadOnlyList<Observation> part, string? auditId);
}
