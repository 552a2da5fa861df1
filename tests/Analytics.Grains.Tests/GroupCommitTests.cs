namespace Analytics.Grains.Tests;

public class GroupCommitTests
{
    [Fact]
    public async Task Requests_made_during_a_write_share_one_following_write()
    {
        var writes = new List<TaskCompletionSource>();
        var commit = new GroupCommit(() => { var tcs = new TaskCompletionSource(); writes.Add(tcs); return tcs.Task; });

        var first = commit.CommitAsync();
        var second = commit.CommitAsync();
        var third = commit.CommitAsync();

        Assert.Single(writes);
        Assert.Same(second, third);
        writes[0].SetResult();
        await first;
        Assert.Equal(2, writes.Count);
        Assert.False(second.IsCompleted, "a request is acknowledged only by a write that started after it");
        writes[1].SetResult();
        await second;
    }

    [Fact]
    public async Task A_failed_write_fails_its_callers_and_the_next_request_writes_again()
    {
        var attempts = 0;
        var commit = new GroupCommit(() => ++attempts == 1 ? Task.FromException(new IOException("disk")) : Task.CompletedTask);

        await Assert.ThrowsAsync<IOException>(() => commit.CommitAsync());
        await commit.CommitAsync();

        Assert.Equal(2, attempts);
    }
}
