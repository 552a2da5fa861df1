using System.Collections.Concurrent;
using System.Globalization;

namespace Analytics.Cluster.Tests.Support;

/// <summary>
/// The upload the kill-mid-batch tests cut: every province's figure of a few indicators over 16 years, each value
/// saying which batch and row it came from, in batches of 1,000 ordered so that a decade of every series comes before
/// the next (each batch touches about a hundred series of every indicator); and the check that rankings agree with the
/// series read back.
/// </summary>
public static class CutBatches
{
    public const int FirstYear = 2000;
    public const int Years = 16;
    public const int BatchSize = 1_000;

    public static Row[][] Of(IReadOnlyList<string> indicators, IReadOnlyList<string> provinces) =>
        (from i in indicators from p in provinces from y in Enumerable.Range(FirstYear, Years) select (i, p, y))
            .OrderBy(r => (r.y - FirstYear) / 3).ThenBy(r => r.i).ThenBy(r => r.p).ThenBy(r => r.y)
            .Select((r, n) => new Row(r.p, r.i, r.y, "actual", double.Parse($"{n / BatchSize}.{n % BatchSize:000}", CultureInfo.InvariantCulture)))
            .Chunk(BatchSize).ToArray();

    /// <summary>The ranking rows, of every indicator and year, whose value is not the figure its series holds.</summary>
    public static async Task<List<string>> DisagreementsAsync(
        IReadOnlyList<string> indicators, IReadOnlyDictionary<(string, string, int), double> stored, Func<string, int, Task<RankingView>> rank)
    {
        var disagreements = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(from i in indicators from y in Enumerable.Range(FirstYear, Years) select (i, y),
            new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (q, _) =>
            {
                foreach (var row in (await rank(q.i, q.y)).Rows)
                {
                    var expected = stored.TryGetValue((row.Province, q.i, q.y), out var v) ? v : (double?)null;
                    if (expected != row.Value) disagreements.Add($"{q.i} {q.y} {row.Province}: ranking {row.Value}, series {expected}");
                }
            });
        return [.. disagreements];
    }
}

/// <summary>The crash tests' side of the silo's commit hold (<c>ANALYTICS_TEST_HOLD_COMMIT</c>, silo/Storage/CommitHold.cs).</summary>
public static class HeldCommit
{
    /// <summary>
    /// Arms the hold in <paramref name="folder"/> (<paramref name="arm"/>: a state name and optionally the fewest writes)
    /// and waits until a silo holds such a transaction open; <paramref name="cut"/>, the batch that should make it, must
    /// not be answered meanwhile. Returns the holding process and the rows ("state key") of its transaction.
    /// </summary>
    public static async Task<(int ProcessId, string[] Rows)> ArmAndWaitAsync(string folder, string arm, Task cut)
    {
        File.WriteAllText(Path.Combine(folder, "arm"), arm);
        var held = Path.Combine(folder, "held");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!File.Exists(held))
        {
            Assert.False(cut.IsCompleted, "the batch was answered before a group transaction of its series was held");
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "no group transaction of series writes was held within 60 s");
            await Task.Delay(20);
        }
        var lines = File.ReadAllLines(held);
        var rows = lines[1..];
        Assert.Contains(rows, r => r.StartsWith("series ", StringComparison.Ordinal));
        Assert.False(cut.IsCompleted, "the batch was acknowledged while one of its transactions was still open");
        return (int.Parse(lines[0]["pid ".Length..], CultureInfo.InvariantCulture), rows);
    }
}
