using Analytics.Domain;
using Orleans.Storage;

namespace Analytics.Indicators;

/// <summary>
/// A leaderboard's summaries, one per province, stored in <see cref="Count"/> rows of their own (state
/// <c>leaderboard-{n}</c> of the indicator grain) by a fixed hash of the province. One province's change rewrites the
/// eight or so summaries of its row instead of all 63; a batch that changes every province writes each row once.
/// </summary>
/// <remarks>
/// Not thread-safe: used on its grain's scheduler only. Each write stores a snapshot taken before its first await, so
/// calls interleaving with a write never change what that write serialises.
/// </remarks>
public sealed class LeaderboardRows(IGrainStorage storage, GrainId grain)
{
    /// <summary>Rows per leaderboard. A summary is always read from every row, so a new count only costs rewrites.</summary>
    public const int Count = 8;

    private readonly GrainState<LeaderboardRow>[] _rows = [.. Enumerable.Range(0, Count).Select(_ => new GrainState<LeaderboardRow>(new LeaderboardRow()))];
    private readonly Dictionary<string, SeriesSummary> _entries = [];
    private readonly HashSet<int> _unsaved = [];

    public IReadOnlyDictionary<string, SeriesSummary> Entries => _entries;

    public static string StateName(int row) => $"leaderboard-{row}";

    /// <summary>The row of a province: FNV-1a over its code, the same in every process (string hashes are not).</summary>
    public static int RowOf(string province)
    {
        var hash = 2166136261u;
        foreach (var c in province) hash = (hash ^ c) * 16777619u;
        return (int)(hash % Count);
    }

    public async Task ReadAsync()
    {
        await Task.WhenAll(_rows.Select((row, i) => storage.ReadStateAsync(StateName(i), grain, row)));
        foreach (var row in _rows)
        {
            if (row.State is not { } stored) continue; // no row yet
            foreach (var summary in stored.Entries.Values)
                if (Newer(summary)) _entries[summary.Province] = summary;
        }
    }

    /// <summary>Takes a series' figures unless the leaderboard holds that version or a newer one already; true when taken.</summary>
    public bool Apply(SeriesSummary summary)
    {
        if (!Newer(summary)) return false;
        _entries[summary.Province] = summary;
        _unsaved.Add(RowOf(summary.Province));
        return true;
    }

    private bool Newer(SeriesSummary summary) => !_entries.TryGetValue(summary.Province, out var known) || known.Version < summary.Version;

    /// <summary>Stores the rows changed since the last write; a row whose write fails is written again next time.</summary>
    public async Task WriteAsync()
    {
        if (_unsaved.Count == 0) return;
        var rows = _unsaved.ToArray();
        _unsaved.Clear();
        var snapshots = rows.ToDictionary(r => r, _ => new LeaderboardRow());
        foreach (var summary in _entries.Values)
            if (snapshots.TryGetValue(RowOf(summary.Province), out var snapshot)) snapshot.Entries[summary.Province] = summary;
        try
        {
            await Task.WhenAll(rows.Select(r =>
            {
                _rows[r].State = snapshots[r];
                return storage.WriteStateAsync(StateName(r), grain, _rows[r]);
            }));
        }
        catch
        {
            _unsaved.UnionWith(rows);
            throw;
        }
    }
}

/// <summary>The summaries of the provinces whose codes hash to one row of a leaderboard.</summary>
[GenerateSerializer]
public sealed class LeaderboardRow
{
    [Id(0)] public Dictionary<string, SeriesSummary> Entries { get; set; } = [];
}
