using Analytics.Domain;

namespace Analytics.Indicators;

/// <summary>
/// The indicator's own row: its definition with the versions it replaced, and the batches in flight. The
/// leaderboard's summaries live in rows of their own (<see cref="LeaderboardRows"/>), so a ranking change does not
/// rewrite the definition's history, nor a batch's start the 63 summaries.
/// </summary>
[GenerateSerializer]
public sealed class IndicatorState
{
    [Id(0)] public IndicatorDefinition? Definition { get; set; }

    /// <summary>Only in rows written before the leaderboard had rows of its own: moved there at the next write.</summary>
    [Id(1)] public Dictionary<string, SeriesSummary> Entries { get; set; } = [];

    /// <summary>Batches in flight: the provinces whose series each one is about to change (see <see cref="CutBatchRepair"/>).</summary>
    [Id(2)] public Dictionary<Guid, PendingBatch> Pending { get; set; } = [];

    /// <summary>Replaced definitions, newest first, at most <see cref="IIndicatorGrain.MaxHistory"/> (added later: older state reads as empty).</summary>
    [Id(3)] public List<DefinitionVersion> History { get; set; } = [];
}

[GenerateSerializer, Immutable]
public sealed record PendingBatch([property: Id(0)] IReadOnlyList<string> Provinces, [property: Id(1)] DateTimeOffset Since);
