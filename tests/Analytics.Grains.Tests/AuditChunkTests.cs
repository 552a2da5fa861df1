using Analytics.Audit;
using Analytics.Domain;
using Analytics.Tests.Support;
using Orleans.Runtime;

namespace Analytics.Grains.Tests;

/// <summary>
/// A chunk of the audit trail takes entries up to its limits and then refuses, so the trail goes on in the next chunk
/// and no append rewrites more than a chunk's worth; what it took is stored, outcomes included.
/// </summary>
public sealed class AuditChunkTests(SqliteClusterFixture fixture) : IClassFixture<SqliteClusterFixture>
{
    private static readonly AuditFilter Everything = new(null, null, null, null, null);

    // A day of its own per test, so no other test's entries share the chunk.
    private static string NewChunk() =>
        AuditIds.Chunk(new DateOnly(2001, 1, 1).AddDays(Random.Shared.Next(0, 3_650_000 / 10)), Random.Shared.Next(1_000, 1_000_000));

    private static AuditEntry Entry(string? detail = null) =>
        new("", DateTimeOffset.UnixEpoch, AuditAction.BatchApplying, new AuditActor("k1", "tester", null, "127.0.0.1"), null, new AuditCounts(1, 0, 0, 0, 0),
            ["internet-users-rate"], ["01", "02", "04"], [], detail, false);

    [Fact]
    public async Task A_chunk_takes_its_limit_of_entries_then_refuses_and_stores_them_with_their_outcomes()
    {
        var key = NewChunk();
        var chunk = fixture.Grains.GetGrain<IAuditLogGrain>(key);
        var ids = new List<string?>();
        for (var i = 0; i < IAuditLogGrain.MaxEntries; i++) ids.Add(await chunk.AppendAsync(Entry()));

        Assert.Equal(Enumerable.Range(0, IAuditLogGrain.MaxEntries).Select(i => AuditIds.Entry(key, i)), ids);
        Assert.Null(await chunk.AppendAsync(Entry()));
        await chunk.CompleteAsync(ids[7]!, AuditAction.BatchAccepted, new AuditCounts(1, 1, 0, 0, 0), null);

        var page = await chunk.ReadAsync(Everything, -1, 2 * IAuditLogGrain.MaxEntries);
        Assert.True(page.Full);
        Assert.Equal(ids, page.Entries.Select(e => e.Id));
        // What a new activation would read: the stored chunk, outcome included.
        var stored = new GrainState<AuditChunkState>(new AuditChunkState());
        await fixture.Storage.ReadStateAsync("audit", chunk.GetGrainId(), stored);
        Assert.Equal(ids, stored.State!.Entries.Select(e => e.Id));
        Assert.Equal(AuditAction.BatchAccepted, stored.State.Entries[7].Action);
        Assert.All(stored.State.Entries.Where((_, i) => i != 7), e => Assert.Equal(AuditAction.BatchApplying, e.Action));
    }

    [Fact]
    public async Task A_chunk_fills_by_size_and_an_entry_larger_than_a_chunk_goes_alone_into_an_empty_one()
    {
        var large = new string('x', (int)IAuditLogGrain.MaxBytes);
        var empty = fixture.Grains.GetGrain<IAuditLogGrain>(NewChunk());
        Assert.NotNull(await empty.AppendAsync(Entry(large)));
        Assert.Null(await empty.AppendAsync(Entry()));

        // Entries of about a twentieth of the limit: the chunk is full long before its count is reached.
        var chunk = fixture.Grains.GetGrain<IAuditLogGrain>(NewChunk());
        var taken = 0;
        while (await chunk.AppendAsync(Entry(new string('y', (int)IAuditLogGrain.MaxBytes / 20))) is not null) taken++;
        Assert.InRange(taken, 18, 21);
        Assert.True(taken < IAuditLogGrain.MaxEntries);
    }
}
