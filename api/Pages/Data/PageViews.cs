using Analytics.Contracts;
using Analytics.Domain;
using Analytics.Domain.Geography;
using Analytics.Domain.Quality;
using Analytics.Domain.Sources;
using Analytics.Presentation.Localization;

namespace Analytics.Api.Pages.Data;

/// <summary>
/// What each page shows, assembled from the query layer's answers (never ranked, forecast or judged here); the
/// records are in PageModels.cs and a page's download is built from the same model by <see cref="PageTables"/>.
/// </summary>
public sealed class PageViews(PageQueries queries, SourceRegistry sources)
{
    public const int DefaultTargetYear = Years.DefaultTarget;
    public const int RecentYears = 5;

    public Task<CatalogView> CatalogAsync() => queries.CatalogAsync();

    public Task<IReadOnlyList<ProvinceDto>> ProvincesAsync(string? geography) => queries.ProvincesAsync(geography);

    public async Task<IReadOnlyList<IndicatorChoice>> ChoicesAsync()
    {
        var view = await queries.CatalogAsync();
        return [.. view.Snapshot.Indicators
            .Select(d => new IndicatorChoice(d.Code, IndicatorThemes.Of(d), d.NameVi, d.NameEn))
            .OrderBy(c => c.Theme == IndicatorThemes.ProvincialReports ? 0 : 1).ThenBy(c => c.Theme, StringComparer.Ordinal).ThenBy(c => c.NameEn, StringComparer.Ordinal)];
    }

    public async Task<RankingsModel> RankingsAsync(string indicator, int? year, string? kind, string? region, string? geography, string? quality = null)
    {
        var view = await queries.CatalogAsync();
        kind = string.IsNullOrEmpty(kind) ? null : kind;
        region = string.IsNullOrEmpty(region) ? null : region;
        // No geography: the query's default (the one in force at the end of the year); vn-63 after 2025 is its 400.
        var ranking = await queries.RankingAsync(indicator, year, kind, region, string.IsNullOrEmpty(geography) ? null : geography,
            string.IsNullOrEmpty(quality) ? "include" : quality);
        var d = view.Indicators.Find(ranking.Indicator)!;
        var k = ranking.Kind;
        var geo = ranking.Geography;

        // The trend column: the same ranking in the years before, as the API answers them.
        var earlier = await Task.WhenAll(Enumerable.Range(1, RecentYears - 1).Where(back => Years.Accepts(ranking.Year - back))
            .Select(back => queries.RankingAsync(d.Code, ranking.Year - back, k.ToCode(), ranking.Region, ranking.Geography.Code)));
        var history = earlier.Append(ranking)
            .SelectMany(r => r.Rows.Where(x => x.Value is not null).Select(x => (x.Province, Point: new YearValue(r.Year, r.Kind, x.Value!.Value))))
            .GroupBy(x => x.Province).ToDictionary(g => g.Key, g => (IReadOnlyList<YearValue>)[.. g.Select(x => x.Point).OrderBy(p => p.Year)]);

        var lines = ranking.Rows.Select(row => new RankingLine(
            row.Rank, Unit(view, geo, row.Province), row.Value, row.RankChange, Derived: row.Origin == FigureOrigin.Derived,
            history.GetValueOrDefault(row.Province, []),
            row.Rank is not null ? null : row.Reason ?? (row.Value is null ? "no-figure" : "not-ranked"), row)).ToList();
        return new RankingsModel(d, await ChoicesAsync(), view.Regions, ranking.Year, k, ranking.Region, geo, ranking,
            [.. lines.Where(l => l.Rank is not null)], [.. lines.Where(l => l.Rank is null)]);
    }

    /// <summary>
    /// The quality flags page: open flags unless another state (or <c>all</c>) is asked for, most severe first, with the
    /// indicators to choose from. Empty filters are no filters.
    /// </summary>
    public async Task<QualityModel> QualityAsync(
        string? indicator, string? province, int? year, string? rule, string? state, string? geography, string? severity, string? after)
    {
        static string? Given(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
        var shownState = Given(state) ?? QualityState.Open.ToCode();
        var page = await queries.QualityAsync(Given(indicator), Given(province), year, Given(rule), shownState == "all" ? null : shownState,
            Given(geography), Given(severity), QualityModel.PageSize, Given(after));
        return new QualityModel(page, await ChoicesAsync(), shownState);
    }

    /// <summary>A unit the query named, in the geography it answered in.</summary>
    internal static AdministrativeUnit Unit(CatalogView view, Geography geography, string code) =>
        view.Gazetteer.Find(geography, code) ?? view.Gazetteer.FindTerritory(code)
        ?? throw new InvalidOperationException($"The query named unit {code}, which {geography} does not hold.");

    public async Task<ProfileModel> ProfileAsync(string code, string? geography, int? targetYear = null)
    {
        var view = await queries.CatalogAsync();
        var profile = await queries.ProfileAsync(code, string.IsNullOrEmpty(geography) ? null : geography, targetYear);
        var unit = Unit(view, profile.Unit.Geography, profile.Unit.Code);
        var successor = view.Gazetteer.SuccessorOf(unit);
        // A unit of the 34 lists its member provinces; Hà Nội of the 63 lists Hà Tây, merged into it in 2008.
        var members = unit.Members.Count > 0 ? view.Gazetteer.MembersOf(unit)
            : [.. view.Gazetteer.UnitsOf(unit.Geography).Where(p => p.SuccessorCode == unit.Code && p.Code != unit.Code)];
        return new ProfileModel(unit, successor, members, profile, sources);
    }

    public async Task<SeriesModel> SeriesAsync(string province, string indicator, int? targetYear, string? geography)
    {
        var view = await queries.CatalogAsync();
        var series = await queries.SeriesAsync(province, indicator, string.IsNullOrEmpty(geography) ? null : geography);
        var forecast = await queries.ForecastAsync(series.Province, series.Indicator, targetYear, series.Geography.Code);
        return new SeriesModel(Unit(view, series.Geography, series.Province), view.Indicators.Find(series.Indicator)!, series,
            series.Observations.Count == 0 ? null : forecast, forecast.TargetYear, sources);
    }

    public Task<ReviewDto> ReviewAsync(int year, string? geography, string? source, CancellationToken ct) =>
        queries.ReviewAsync(year, geography, source, ct);

    public async Task<AttainmentModel> AttainmentAsync(int? year, string? region, string? geography, CancellationToken ct, string? source = null)
    {
        var view = await queries.CatalogAsync();
        var table = await queries.AttainmentAsync(year, string.IsNullOrEmpty(region) ? null : region, string.IsNullOrEmpty(geography) ? null : geography, ct,
            string.IsNullOrEmpty(source) ? null : source);
        // Counts per region add up to the API's counts: every row is in exactly one region.
        var byRegion = table.Rows.GroupBy(row => row.Region).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyDictionary<string, int>)AttainmentStatuses.Codes.ToDictionary(s => s, s => g.Count(x => x.Status.ToCode() == s))))
            .ToList();
        var attention = table.Rows.Where(x => x.Status is AttainmentStatus.OffTrack or AttainmentStatus.Regressing)
            .Select(x => new AttainmentLine(Unit(view, x.Geography, x.Province), view.Indicators.Find(x.Indicator)!, x.Status, x.Forecast))
            .OrderBy(x => x.Status == AttainmentStatus.Regressing ? 0 : 1).ThenBy(x => x.Forecast.Attainment?.Probability ?? 0).ThenBy(x => x.Unit.Code, StringComparer.Ordinal)
            .ToList();
        // Against national targets every row is shown, not only those off track: a planner reads each unit's distance to the goal.
        IReadOnlyList<AttainmentLine>? all = table.Source == "national"
            ? [.. table.Rows.Select(x => new AttainmentLine(Unit(view, x.Geography, x.Province), view.Indicators.Find(x.Indicator)!, x.Status, x.Forecast))]
            : null;
        return new AttainmentModel(table.Year, table.Region, table.Geography, table.Notes, view.Regions, byRegion, table.Counts, attention,
            table.Source, table.MemberTargets, table.NationalTargets, all);
    }
}
