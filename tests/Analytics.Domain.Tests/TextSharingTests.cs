using Analytics.Domain;

namespace Analytics.Domain.Tests;

/// <summary>Equal texts held once: what is shared, what is not, and that no value changes.</summary>
public sealed class TextSharingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Each call makes a new string instance, as deserializing storage or a message does.
    private static string Fresh(string text) => new(text.AsSpan());

    private static Observation Obs(int year, double value, string quote) =>
        new("60", "internet-users-rate", year, null, ObservationKind.Actual, value, Fresh("%"), Fresh("nien-giam-thong-ke-2024.pdf"), Fresh(quote));

    private static SeriesState StateOf(IEnumerable<Observation> observations, string auditId)
    {
        var state = new SeriesState();
        state.Apply(observations, T0, Fresh(auditId));
        return state;
    }

    private static IEnumerable<(int, int?, ObservationKind, double, string?, string?, string?, DateTimeOffset, string?, int)> Values(SeriesState state) =>
        state.Ordered().Select(p => (p.Year, p.Quarter, p.Kind, p.Value, p.Unit, p.Source, p.Quote, p.IngestedAt, p.AuditId, p.Revisions.Count));

    [Fact]
    public void Units_and_sources_of_different_series_become_one_instance_with_equal_values()
    {
        var pool = new TextPool();
        var a = StateOf([Obs(2019, 51, "51%"), Obs(2020, 55, "55%")], "audit-1");
        var b = StateOf([Obs(2019, 40, "40%")], "audit-1");
        var (aBefore, bBefore) = (Values(a).ToList(), Values(b).ToList());

        a.ShareText(pool);
        b.ShareText(pool);

        Assert.Equal(aBefore, Values(a));
        Assert.Equal(bBefore, Values(b));
        var all = a.Points.Values.Concat(b.Points.Values).ToList();
        Assert.All(all, p => Assert.Same(all[0].Unit, p.Unit));
        Assert.All(all, p => Assert.Same(all[0].Source, p.Source));
        Assert.Equal(2, pool.Count);
    }

    [Fact]
    public void Quotes_and_audit_ids_are_shared_within_a_series_and_never_kept_by_the_pool()
    {
        var pool = new TextPool();
        const string document = "Bảng 7: Tỷ lệ người dùng Internet phân theo tỉnh, thành phố (%), Niên giám thống kê 2024, trang 412";
        var state = StateOf([Obs(2019, 51, document), Obs(2020, 55, document), Obs(2021, 58, document)], "audit-7");

        state.ShareText(pool);

        var points = state.Points.Values.ToList();
        Assert.All(points, p => Assert.Equal(document, p.Quote));
        Assert.All(points, p => Assert.Same(points[0].Quote, p.Quote));
        Assert.All(points, p => Assert.Same(points[0].AuditId, p.AuditId));
        Assert.Equal(2, pool.Count); // the unit and the source only
    }

    [Fact]
    public void Revisions_keep_their_values_and_share_their_texts()
    {
        var pool = new TextPool();
        var state = StateOf([Obs(2019, 51, "51%")], "audit-1");
        state.Apply([Obs(2019, 52, "52%")], T0.AddDays(1), Fresh("audit-2"));
        var revisionBefore = state.Points.Values.Single().Revisions.Single();

        state.ShareText(pool);

        var point = state.Points.Values.Single();
        var revision = point.Revisions.Single();
        Assert.Equal(revisionBefore, revision);
        Assert.Same(point.Source, revision.Source);
        Assert.Same(point.AuditId, revision.ReplacedByAuditId);
    }

    [Fact]
    public void Figures_never_revised_share_one_empty_revision_list()
    {
        var state = StateOf([Obs(2019, 51, "51%"), Obs(2020, 55, "55%")], "audit-1");
        var fromStorage = new SeriesState
        {
            Version = state.Version,
            // Storage hands back a list of its own for each point.
            Points = state.Points.ToDictionary(kv => kv.Key, kv => kv.Value with { Revisions = new List<Revision>() }),
        };

        fromStorage.ShareText(new TextPool());

        var lists = fromStorage.Points.Values.Select(p => p.Revisions).ToList();
        Assert.All(lists, l => Assert.Empty(l));
        Assert.Same(lists[0], lists[1]);
    }

    [Fact]
    public void The_pool_is_bounded_and_past_its_bound_returns_the_text_given()
    {
        var pool = new TextPool(capacity: 2, maxLength: 10);
        var first = pool.Share(Fresh("a"));
        pool.Share(Fresh("b"));

        var third = Fresh("c");
        var long_ = Fresh("a text longer than ten");

        Assert.Same(third, pool.Share(third));
        Assert.Same(long_, pool.Share(long_));
        Assert.Same(first, pool.Share(Fresh("a")));
        Assert.Equal(2, pool.Count);
        Assert.Null(pool.Share(null));
    }
}
