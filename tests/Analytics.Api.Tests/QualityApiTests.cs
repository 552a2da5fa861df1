using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Analytics.Contracts;
using Analytics.Domain;
using Analytics.Tests.Support;

namespace Analytics.Api.Tests;

/// <summary>
/// The quality rules over what the cluster stores (docs/quality.md): a figure sent with a ×1,000 slip is found by
/// <c>GET /api/quality</c>, a writer marks it (audited; a bad mark is refused and changes nothing), its ranking row
/// carries the flag, and <c>quality=exclude</c> leaves it out of the ranking and counts it.
/// </summary>
public sealed class QualityApiTests(SeededClusterFixture fixture) : IClassFixture<SeededClusterFixture>
{
    private readonly EmbeddedCluster _cluster = fixture.Cluster;
    private HttpClient Admin => _cluster.Http;

    /// <summary>A fresh count indicator (stations, summed) under a code starting with <paramref name="prefix"/>.</summary>
    private async Task<string> DefineStationsAsync(string prefix)
    {
        var code = prefix + Guid.NewGuid().ToString("n")[..8];
        using var defined = await Admin.PostAsJsonAsync("/api/indicators?lang=en",
            new[] { new IndicatorDto(code, "Số trạm thử", "Test stations", "stations", Direction.HigherIsBetter, 0, null, Aggregation.Sum, "tests") },
            EmbeddedCluster.Json);
        Assert.True(defined.IsSuccessStatusCode, await defined.Content.ReadAsStringAsync());
        return code;
    }

    /// <summary>Hà Nội's series 2010–2019 growing 5 a year, with 2015 sent ×1,000; two other provinces' plain figures.</summary>
    private async Task<string> SendSlippedSeriesAsync()
    {
        var code = await DefineStationsAsync("quality-");
        var csv = new StringBuilder("province,indicator,year,kind,value,unit,source,quote\n");
        for (var year = 2010; year <= 2019; year++)
        {
            var value = 100 + 5 * (year - 2010);
            csv.Append($"01,{code},{year},actual,{(year == 2015 ? value * 1000 : value)},stations,s,q\n");
            csv.Append($"60,{code},{year},actual,{value / 2},stations,s,q\n");
            csv.Append($"79,{code},{year},actual,{value * 2},stations,s,q\n");
        }
        using var sent = await Admin.PostAsync("/api/observations?lang=en", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
        Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync());
        return code;
    }

    /// <summary>Defines a context indicator unless the shared cluster knows it already (the bundled catalog may).</summary>
    private async Task DefineIfMissingAsync(string code, string nameVi, string nameEn, string unit)
    {
        using var known = await Admin.GetAsync($"/api/indicators/{code}");
        if (known.StatusCode != HttpStatusCode.NotFound) return;
        using var defined = await Admin.PostAsJsonAsync("/api/indicators?lang=en",
            new[] { new IndicatorDto(code, nameVi, nameEn, unit, Direction.Context, 0, null, Aggregation.Sum, "tests") }, EmbeddedCluster.Json);
        Assert.True(defined.IsSuccessStatusCode, await defined.Content.ReadAsStringAsync());
    }

    /// <summary>Sends CSV rows (province, indicator, year, kind, value, unit, source, quote) and asserts they were taken.</summary>
    private async Task SendAsync(string rows)
    {
        using var sent = await Admin.PostAsync("/api/observations", new StringContent(
            "province,indicator,year,kind,value,unit,source,quote\n" + rows, Encoding.UTF8, "text/csv"));
        Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync());
    }

    private Task<QualityPageDto> FlagsAsync(string query) => _cluster.GetAsync<QualityPageDto>($"/api/quality?lang=en&{query}");

    [Fact]
    public async Task A_stored_figure_with_a_thousandfold_slip_is_flagged_unit_slip_for_one_indicator_and_among_all()
    {
        var code = await SendSlippedSeriesAsync();

        var page = await FlagsAsync($"indicator={code}");
        var slip = Assert.Single(page.Items, i => i.Rule == "unit-slip");
        Assert.Equal(("01", "01", 2015, ObservationKind.Actual, 125_000d), (slip.Province, slip.Territory, slip.Year, slip.Kind, slip.Value));
        Assert.Equal(("high", "open"), (slip.Severity, slip.State));
        Assert.Contains("×1,000 the expected", slip.Reason, StringComparison.Ordinal);
        Assert.Contains("units given where thousands are meant", slip.Reason, StringComparison.Ordinal);
        Assert.Equal("Test stations", slip.IndicatorName);
        Assert.Null(slip.Mark);
        Assert.All(page.Items, i => Assert.Equal(2015, i.Year));
        Assert.Contains(page.ByRule, c => c.Rule == "unit-slip" && c.Count == 1);

        // Every indicator at once, filtered down to the figure: the same flag.
        var all = await FlagsAsync("rule=unit-slip&province=01&year=2015&geography=vn-63&limit=1000");
        Assert.Contains(all.Items, i => i.Indicator == code && i.Province == "01" && i.Geography == Analytics.Domain.Geography.Geography.Vn63);
        Assert.DoesNotContain(all.Items, i => i.Rule != "unit-slip" || i.Year != 2015);
        // A province by its name, without a year or geography: Hà Nội is one territory in both.
        Assert.Contains((await FlagsAsync($"province={Uri.EscapeDataString("Hà Nội")}&rule=unit-slip&limit=1000")).Items, i => i.Indicator == code);

        // In Vietnamese by default.
        var vi = await _cluster.GetAsync<QualityPageDto>($"/api/quality?indicator={code}&rule=unit-slip");
        Assert.Contains("có thể ghi theo đơn vị thay vì nghìn", Assert.Single(vi.Items).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_of_one_new_figure_is_warned_against_the_series_already_stored()
    {
        var code = await DefineStationsAsync("quality-");
        var history = new StringBuilder("province,indicator,year,kind,value,unit,source,quote\n");
        for (var year = 2014; year <= 2023; year++) history.Append($"01,{code},{year},actual,{100 + 5 * (year - 2014)},stations,s,q\n");
        using (var first = await Admin.PostAsync("/api/observations?lang=en", new StringContent(history.ToString(), Encoding.UTF8, "text/csv")))
            Assert.Null((await first.Content.ReadFromJsonAsync<IngestResult>(EmbeddedCluster.Json)).Warnings);

        // One figure alone: nothing in the batch to compare it with, so only the stored series can say it is ×1,000.
        using var next = await Admin.PostAsync("/api/observations?lang=en",
            new StringContent($"province,indicator,year,kind,value,unit,source,quote\n01,{code},2024,actual,150000,stations,s,q\n", Encoding.UTF8, "text/csv"));
        var answer = await next.Content.ReadFromJsonAsync<IngestResult>(EmbeddedCluster.Json);

        Assert.Equal(1, answer.Inserted); // a warning, never a refusal
        var warning = Assert.Single(answer.Warnings!, w => w.Rule == "unit-slip");
        Assert.Equal((2, 2024), (warning.Row, warning.Year));
    }

    /// <summary>The first thirteen provinces of the 63 that held figures in 2020.</summary>
    private static readonly string[] Provinces2020 = ["01", "02", "04", "06", "08", "10", "11", "12", "14", "15", "17", "19", "20"];

    private async Task<IngestResult> PostAsync(string rows)
    {
        using var sent = await Admin.PostAsync("/api/observations?lang=en",
            new StringContent("province,indicator,year,kind,value,unit,source,quote\n" + rows, Encoding.UTF8, "text/csv"));
        Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync());
        return await sent.Content.ReadFromJsonAsync<IngestResult>(EmbeddedCluster.Json);
    }

    [Fact]
    public async Task A_batch_of_one_province_is_warned_against_the_other_provinces_stored_figures_of_its_year()
    {
        var code = await DefineStationsAsync("quality-peers-");
        // Twelve provinces' 2020 figures, and other years that are no part of the comparison.
        var stored = new StringBuilder();
        for (var i = 0; i < 12; i++)
            foreach (var year in new[] { 2012, 2020 })
                stored.Append($"{Provinces2020[i]},{code},{year},actual,{100 + 7 * i},stations,s,q\n");
        Assert.Null((await PostAsync(stored.ToString())).Warnings);

        // The thirteenth province alone, a thousand times the others: only the stored figures of 2020 can say so.
        var answer = await PostAsync($"{Provinces2020[12]},{code},2020,actual,140000,stations,s,q\n");

        var warning = Assert.Single(answer.Warnings!, w => w.Rule == "peer-outlier");
        Assert.Equal((2, Provinces2020[12], 2020), (warning.Row, warning.Province, warning.Year)); // its CSV line
        Assert.Contains("far from the 13 provinces of 2020", warning.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_of_one_province_is_warned_when_its_row_copies_another_provinces_stored_row()
    {
        var code = await DefineStationsAsync("quality-copy-");
        var row = new[] { 1234.5, 1301.2, 1377.9, 1452.6 };
        Assert.Null((await PostAsync(string.Concat(row.Select((v, i) => $"60,{code},{2015 + i},actual,{v.ToString(System.Globalization.CultureInfo.InvariantCulture)},stations,s,q\n")))).Warnings);

        var answer = await PostAsync(string.Concat(row.Select((v, i) => $"79,{code},{2015 + i},actual,{v.ToString(System.Globalization.CultureInfo.InvariantCulture)},stations,s,q\n")));

        var copies = answer.Warnings!.Where(w => w.Rule == "copied-row").ToList();
        Assert.Equal(new[] { 2, 3, 4, 5 }, copies.Select(w => w.Row)); // CSV lines
        Assert.All(copies, w => Assert.Contains("identical to province 60 for 4 years in a row from 2015", w.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_mark_changes_the_state_is_audited_and_a_bad_mark_is_refused_changing_nothing()
    {
        var code = await SendSlippedSeriesAsync();
        var writer = _cluster.Client(_cluster.Keys.Writer);

        using (var noReason = await writer.PostAsJsonAsync("/api/quality/marks?lang=en", new { province = "01", indicator = code, year = 2015, state = "confirmed" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
            Assert.Contains("reason is required", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var badState = await writer.PostAsJsonAsync("/api/quality/marks?lang=en", new { province = "01", indicator = code, year = 2015, state = "corrected" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badState.StatusCode);
            Assert.Contains("Unknown state 'corrected'", await badState.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var notFlagged = await writer.PostAsJsonAsync("/api/quality/marks?lang=en", new { province = "01", indicator = code, year = 2014, state = "reviewed" }))
        {
            Assert.Equal(HttpStatusCode.NotFound, notFlagged.StatusCode);
            Assert.Contains("only flagged figures can be marked", await notFlagged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var reader = await _cluster.Client(_cluster.Keys.Reader).PostAsJsonAsync("/api/quality/marks",
                   new { province = "01", indicator = code, year = 2015, state = "reviewed" }))
            Assert.Equal(HttpStatusCode.Forbidden, reader.StatusCode);
        using (var unknown = await writer.PostAsJsonAsync("/api/quality/marks?lang=en", new { province = "01", indicator = code + "-x", year = 2015, state = "reviewed" }))
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.All((await FlagsAsync($"indicator={code}")).Items, i => Assert.Equal("open", i.State));
        Assert.DoesNotContain((await _cluster.GetAsync<AuditPageDto>($"/api/audit?indicator={code}&limit=500")).Entries, e => e.Action == "quality-marked");

        using var marked = await writer.PostAsJsonAsync("/api/quality/marks?lang=en",
            new { province = "01", indicator = code, year = 2015, state = "confirmed", reason = "a new data centre opened" });
        var result = await marked.Content.ReadFromJsonAsync<QualityMarkResult>(EmbeddedCluster.Json);
        Assert.True(marked.IsSuccessStatusCode, JsonSerializer.Serialize(result));
        Assert.Equal(("01", "confirmed"), (result!.Territory, result.State));

        var slip = Assert.Single((await FlagsAsync($"indicator={code}&state=confirmed")).Items, i => i.Rule == "unit-slip");
        Assert.Equal(("a new data centre opened", result.AuditId), (slip.Mark!.Reason, slip.Mark.AuditId));
        Assert.Equal("test writer", slip.Mark.By);
        Assert.Empty((await FlagsAsync($"indicator={code}&state=open")).Items);

        var audit = (await _cluster.GetAsync<AuditPageDto>($"/api/audit?indicator={code}&limit=500")).Entries;
        var entry = Assert.Single(audit, e => e.Action == "quality-marked");
        Assert.Equal(result.AuditId, entry.Id);
        Assert.Contains("a new data centre opened", entry.Detail, StringComparison.Ordinal);

        // The figure sent again, corrected: the flag it had is listed as corrected, with the mark it had.
        using (var fixedFigure = await Admin.PostAsync("/api/observations", new StringContent(
                   $"province,indicator,year,kind,value,unit,source,quote\n01,{code},2015,actual,125,stations,s,q\n", Encoding.UTF8, "text/csv")))
            Assert.True(fixedFigure.IsSuccessStatusCode, await fixedFigure.Content.ReadAsStringAsync());
        var corrected = Assert.Single((await FlagsAsync($"indicator={code}&rule=unit-slip")).Items);
        Assert.Equal(("corrected", 125d), (corrected.State, corrected.Value));
    }

    [Fact]
    public async Task A_ranking_row_carries_the_flag_of_its_figure_and_quality_exclude_leaves_it_out_and_counts_it()
    {
        var code = await SendSlippedSeriesAsync();

        var ranking = await _cluster.GetAsync<RankingDto>($"/api/rankings/{code}?year=2015&geography=vn-63&lang=en");
        var hanoi = Assert.Single(ranking.Rows, r => r.Province == "01");
        Assert.Equal(1, hanoi.Rank);
        Assert.Equal(("high", "open"), (hanoi.Quality!.Severity, hanoi.Quality.State));
        Assert.False(string.IsNullOrWhiteSpace(hanoi.Quality.Reason));
        Assert.Null(ranking.Rows.Single(r => r.Province == "79").Quality);
        Assert.Null(ranking.LeftOut);

        var excluded = await _cluster.GetAsync<RankingDto>($"/api/rankings/{code}?year=2015&geography=vn-63&quality=exclude&lang=en");
        Assert.Equal(1, excluded.LeftOut);
        Assert.Equal(ranking.Ranked - 1, excluded.Ranked);
        var left = Assert.Single(excluded.Rows, r => r.Province == "01");
        Assert.Null(left.Rank);
        Assert.Contains("open quality flag", left.Reason, StringComparison.Ordinal);
        Assert.Equal(1, excluded.Rows.Single(r => r.Province == "79").Rank);

        using var unknown = await Admin.GetAsync($"/api/rankings/{code}?year=2015&quality=maybe&lang=en");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);

        // Confirmed, the figure is no longer open: it stays in the ranking with its mark.
        using (var marked = await _cluster.Client(_cluster.Keys.Writer).PostAsJsonAsync("/api/quality/marks",
                   new { province = "01", indicator = code, year = 2015, state = "confirmed", reason = "checked against the report" }))
            Assert.True(marked.IsSuccessStatusCode, await marked.Content.ReadAsStringAsync());
        var kept = await _cluster.GetAsync<RankingDto>($"/api/rankings/{code}?year=2015&geography=vn-63&quality=exclude&lang=en");
        Assert.Equal((0, 1, "confirmed"), (kept.LeftOut, kept.Rows.Single(r => r.Province == "01").Rank, kept.Rows.Single(r => r.Province == "01").Quality!.State));
    }

    [Fact]
    public async Task The_quality_page_lists_the_flag_linking_to_its_series_and_the_rankings_page_and_export_show_it()
    {
        var code = await SendSlippedSeriesAsync();

        var vi = await _cluster.GetTextAsync($"/quality?indicator={code}");
        Assert.Contains("Số liệu bị gắn cờ chất lượng", vi, StringComparison.Ordinal);
        Assert.Contains($"href=\"/series/01/{code}?geography=vn-63\"", vi, StringComparison.Ordinal);
        Assert.Contains("có thể ghi theo đơn vị thay vì nghìn", vi, StringComparison.Ordinal);
        var en = await _cluster.GetTextAsync($"/quality?indicator={code}&rule=unit-slip&lang=en");
        Assert.Contains("units given where thousands are meant", en, StringComparison.Ordinal);
        Assert.Contains("data-rule=\"unit-slip\" data-state=\"open\"", en, StringComparison.Ordinal);
        Assert.Contains("href=\"/quality?lang=en\"", en, StringComparison.Ordinal); // in the navigation

        var ranking = await _cluster.GetTextAsync($"/rankings/{code}?year=2015&geography=vn-63&lang=en");
        Assert.Contains("class=\"quality quality-high\"", ranking, StringComparison.Ordinal);
        Assert.Contains("a likely unit or decimal-mark slip (open)", ranking, StringComparison.Ordinal);
        var excluded = await _cluster.GetTextAsync($"/rankings/{code}?year=2015&geography=vn-63&quality=exclude&lang=en");
        Assert.Contains("1 figures with an open quality flag were left out", excluded, StringComparison.Ordinal);

        var csv = await _cluster.GetTextAsync($"/export/rankings/{code}?year=2015&geography=vn-63&format=csv&lang=en");
        var lines = csv.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        Assert.EndsWith("Quality", lines[0].Trim(), StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains(",01,", StringComparison.Ordinal) && l.Contains("a likely unit or decimal-mark slip (open)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_series_point_carries_its_flags_and_a_batch_confirmed_column_marks_the_figure_confirmed()
    {
        var code = await SendSlippedSeriesAsync();

        var series = await _cluster.GetAsync<SeriesDto>($"/api/series/01/{code}?geography=vn-63&lang=en");
        Assert.Contains(series.Observations.Single(p => p.Year == 2015).Quality!, q => q.Rule == "unit-slip" && q is { Severity: "high", State: "open" });
        Assert.All(series.Observations.Where(p => p.Year is < 2014 or > 2016), p => Assert.Null(p.Quality));
        Assert.Contains("data-rule=\"unit-slip\"", await _cluster.GetTextAsync($"/series/01/{code}?geography=vn-63&lang=en"), StringComparison.Ordinal);

        // The same figure sent again with the confirmed column: confirmed by its sender, with the reason.
        using (var sent = await Admin.PostAsync("/api/observations?lang=en", new StringContent(
                   $"province,indicator,year,kind,value,unit,source,quote,confirmed\n01,{code},2015,actual,125000,stations,s,q,a new data centre opened\n",
                   Encoding.UTF8, "text/csv")))
            Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync());
        var slip = Assert.Single((await FlagsAsync($"indicator={code}&rule=unit-slip")).Items);
        Assert.Equal(("confirmed", "a new data centre opened", "test admin"), (slip.State, slip.Mark!.Reason, slip.Mark.By));
        var entry = Assert.Single((await _cluster.GetAsync<AuditPageDto>($"/api/audit?indicator={code}&limit=500")).Entries, e => e.Action == "quality-marked");
        Assert.Equal(slip.Mark.AuditId, entry.Id);
        Assert.Equal("confirmed", (await _cluster.GetAsync<SeriesDto>($"/api/series/01/{code}?geography=vn-63")).Observations.Single(p => p.Year == 2015).Quality![0].State);
    }

    [Fact]
    public async Task A_part_above_its_stored_whole_is_flagged_and_the_flag_goes_when_the_whole_is_corrected()
    {
        // data/indicator-relations.csv: men are part of the population. Cao Bằng, 2001 (no bundled figure then).
        const string part = "gso-average-population-male", whole = "gso-average-population-total";
        foreach (var code in new[] { part, whole }) await DefineIfMissingAsync(code, "Dân số thử", "Test population", "thousand persons");
        await SendAsync($"04,{whole},2001,actual,500,thousand persons,s,q\n04,{part},2001,actual,600,thousand persons,s,q\n");

        var flag = Assert.Single((await FlagsAsync($"indicator={part}&province=04&year=2001")).Items);
        Assert.Equal(("part-exceeds-whole", "high", 500d), (flag.Rule, flag.Severity, flag.ExpectedHigh));
        Assert.Contains("men are part of the population", flag.Reason, StringComparison.Ordinal);

        // Only the whole is sent again: the part's flags are read afresh all the same.
        await SendAsync($"04,{whole},2001,actual,700,thousand persons,s,q\n");
        Assert.Empty((await FlagsAsync($"indicator={part}&province=04&year=2001")).Items);
    }

    [Fact]
    public async Task A_share_off_its_stored_count_and_denominator_is_listed_under_its_rule_and_goes_when_sent_right()
    {
        // data/indicator-relations.csv: the on-time rate is dossiers resolved on time per 100 resolved. Quảng Ninh, 2002
        // (no bundled figure then).
        const string share = "one-stop-dossiers-on-time-rate", count = "one-stop-dossiers-resolved-on-time", denominator = "one-stop-dossiers-resolved";
        foreach (var (code, unit) in new[] { (share, "%"), (count, "dossiers"), (denominator, "dossiers") })
            await DefineIfMissingAsync(code, "Hồ sơ thử", "Test dossiers", unit);
        await SendAsync($"22,{denominator},2002,actual,2000,dossiers,s,q\n22,{count},2002,actual,1800,dossiers,s,q\n22,{share},2002,actual,9,%,s,q\n");

        var flag = Assert.Single((await FlagsAsync($"indicator={share}&province=22&year=2002&rule=share-mismatch")).Items);
        Assert.Equal(("share-mismatch", "high", 9d), (flag.Rule, flag.Severity, flag.Value));
        Assert.InRange(90, flag.ExpectedLow!.Value, flag.ExpectedHigh!.Value);
        Assert.Contains("per 100 dossiers resolved", flag.Reason, StringComparison.Ordinal);
        Assert.Contains(share, (await FlagsAsync($"rule=share-mismatch&province=22&year=2002")).Items.Select(i => i.Indicator));

        // The share sent again as 90.0 (1,800 of 2,000): nothing is left to say.
        await SendAsync($"22,{share},2002,actual,90.0,%,s,q\n");
        Assert.Empty((await FlagsAsync($"indicator={share}&province=22&year=2002")).Items);
    }

    [Fact]
    public async Task A_figure_of_a_merged_unit_of_the_34_is_flagged_and_marked_under_its_own_territory()
    {
        var code = await DefineStationsAsync("quality-34-");
        // Twelve units of the 34 in 2025, the new Lâm Đồng (68, stored as vn34-68) a thousand times the others.
        var units = new[] { "04", "08", "11", "12", "14", "15", "19", "20", "22", "24", "25", "68" };
        var csv = "province,indicator,year,kind,value,unit,source,quote,geography\n" + string.Concat(units.Select((u, i) =>
            $"{u},{code},2025,actual,{(u == "68" ? 100_000 : 100 + i)},stations,s,q,vn-34\n"));
        using (var sent = await Admin.PostAsync("/api/observations", new StringContent(csv, Encoding.UTF8, "text/csv")))
            Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync());

        var flag = Assert.Single((await FlagsAsync($"indicator={code}&geography=vn-34&rule=peer-outlier")).Items);
        Assert.Equal(("68", "vn34-68", Analytics.Domain.Geography.Geography.Vn34), (flag.Province, flag.Territory, flag.Geography));
        Assert.Empty((await FlagsAsync($"indicator={code}&geography=vn-63")).Items);

        using var marked = await _cluster.Client(_cluster.Keys.Writer).PostAsJsonAsync("/api/quality/marks",
            new { province = "68", geography = "vn-34", indicator = code, year = 2025, state = "reviewed" });
        Assert.True(marked.IsSuccessStatusCode, await marked.Content.ReadAsStringAsync());
        Assert.Equal("vn34-68", (await marked.Content.ReadFromJsonAsync<QualityMarkResult>(EmbeddedCluster.Json))!.Territory);
        Assert.All((await FlagsAsync($"indicator={code}&province=vn34-68")).Items, i => Assert.Equal("reviewed", i.State));
        var row = (await _cluster.GetAsync<RankingDto>($"/api/rankings/{code}?year=2025&geography=vn-34")).Rows.Single(r => r.Province == "68");
        Assert.Equal("reviewed", row.Quality!.State);
    }
}
