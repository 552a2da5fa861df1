using Analytics.Domain.Sources;
using Analytics.Contracts;
using Analytics.Domain;
using Analytics.Domain.Geography;
using Analytics.Presentation.Charts;
using Analytics.Presentation.Export;
using Analytics.Presentation.Localization;
using Analytics.Presentation.Maps;

namespace Analytics.Api.Pages.Data;

/// <summary>An indicator in the chooser: its theme (the GSO folder or the provincial reports) and both names.</summary>
public sealed record IndicatorChoice(string Code, string Theme, string NameVi, string NameEn);

/// <summary>
/// One unit's row as the query ranked it. <see cref="Derived"/>: the value follows from its members' figures (the row's
/// origin), with <see cref="Row"/>'s method, members and notes; <see cref="WhyUnranked"/> is the query's reason.
/// </summary>
public sealed record RankingLine(
    int? Rank, AdministrativeUnit Unit, double? Value, int? RankChange, bool Derived, IReadOnlyList<YearValue> Recent, string? WhyUnranked,
    RankingRowDto Row);

public sealed record RankingsModel(
    IndicatorDefinition Indicator, IReadOnlyList<IndicatorChoice> Choices, IReadOnlyList<string> Regions,
    int Year, ObservationKind Kind, string? Region, Geography Geography,
    RankingDto Ranking, IReadOnlyList<RankingLine> Ranked, IReadOnlyList<RankingLine> Unranked)
{
    /// <summary>The 34 units' regions are the region of the province hosting the seat: an approximation.</summary>
    public bool RegionsApproximate => Geography == Geography.Vn34;
}

/// <summary>A unit's profile (the profile query's answer) with the unit's successor and members for the mergers section.</summary>
public sealed record ProfileModel(AdministrativeUnit Unit, AdministrativeUnit? Successor, IReadOnlyList<AdministrativeUnit> Members, ProfileDto Profile);

public sealed record SeriesModel(
    AdministrativeUnit Unit, IndicatorDefinition Indicator, SeriesDto Series, ForecastDto? Forecast, int TargetYear, SourceRegistry Sources);

public sealed record AttainmentLine(AdministrativeUnit Unit, IndicatorDefinition Indicator, AttainmentStatus Status, ForecastDto Forecast);

public sealed record AttainmentModel(
    int Year, string? Region, Geography Geography, IReadOnlyList<string>? Notes, IReadOnlyList<string> Regions,
    IReadOnlyList<(string Region, IReadOnlyDictionary<string, int> Counts)> ByRegion, IReadOnlyDictionary<string, int> Totals,
    IReadOnlyList<AttainmentLine> Attention, string Source = "unit", IReadOnlyList<MemberTargetGroupDto>? MemberTargets = null,
    IReadOnlyList<NationalTargetDto>? NationalTargets = null, IReadOnlyList<AttainmentLine>? All = null)
{
    /// <summary>Targets the member provinces set before the merger, counted over every group.</summary>
    public int MemberTargetCount => MemberTargets?.Sum(g => g.Members.Count) ?? 0;
}

/// <summary>
/// What each page shows, assembled from the query layer's answers (never ranked, forecast or judged here), and the
/// same rows as an export table, so a download holds exactly what the page's table holds.
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
            .Select(d => new IndicatorChoice(d.Code, Theme(d), d.NameVi, d.NameEn))
            .OrderBy(c => c.Theme == ReportsTheme ? 0 : 1).ThenBy(c => c.Theme, StringComparer.Ordinal).ThenBy(c => c.NameEn, StringComparer.Ordinal)];
    }

    private const string ReportsTheme = "Provincial reports";

    /// <summary>GSO indicators carry their table's path (theme folder first); the rest come from the provincial reports.</summary>
    private static string Theme(IndicatorDefinition d) =>
        d.Source is { } s && s.Contains('/') ? s[..s.IndexOf('/')] : ReportsTheme;

    /// <summary>The theme as a heading: GSO's folder names are English, so Vietnamese readers get GSO's Vietnamese titles.</summary>
    public static string ThemeName(string theme, Reader r)
    {
        if (theme == ReportsTheme) return r.T("Báo cáo chuyển đổi số của các tỉnh", "Provincial digital-transformation reports");
        var name = theme.StartsWith("GSO: ", StringComparison.Ordinal) ? theme[5..] : theme;
        var vi = name switch
        {
            "Agriculture, Forestry and Fishery" => "Nông, lâm nghiệp và thủy sản",
            "Population and Employment" => "Dân số và lao động",
            "Education" => "Giáo dục",
            "Health, Culture and Living Standard" => "Y tế, văn hóa và mức sống",
            "Transport, Postal Services and Telecommunications" => "Vận tải, bưu chính và viễn thông",
            "Trade, Price and Tourism" => "Thương mại, giá cả và du lịch",
            "Industry" => "Công nghiệp",
            _ => name,
        };
        return (r.English ? "GSO — " : "TCTK — ") + (r.English ? name : vi);
    }

    public async Task<RankingsModel> RankingsAsync(string indicator, int? year, string? kind, string? region, string? geography)
    {
        var view = await queries.CatalogAsync();
        kind = string.IsNullOrEmpty(kind) ? null : kind;
        region = string.IsNullOrEmpty(region) ? null : region;
        // No geography: the query's default (the one in force at the end of the year); vn-63 after 2025 is its 400.
        var ranking = await queries.RankingAsync(indicator, year, kind, region, string.IsNullOrEmpty(geography) ? null : geography);
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

    /// <summary>How a derived value follows from its members: the method and each member's figure (and population weight).</summary>
    public static string DerivedText(RankingRowDto row, Reader r, Func<double, string> figure) =>
        string.Join(" ", new[]
        {
            r.Labels[Label.DerivedNote] + (row.Method is { } method ? $" ({r.Method(method)})" : "") + ":",
            string.Join("; ", (row.Members ?? []).Select(x => $"{x.Name} ({x.Code}) {(x.Value is { } v ? figure(v) : "–")}"
                + (x.Population is { } pop ? $" × {figure(pop)}{(x.PopulationYear is { } py ? $" ({py})" : "")}" : ""))),
        }.Concat(row.Notes ?? []));


    /// <summary>A unit the query named, in the geography it answered in.</summary>
    internal static AdministrativeUnit Unit(CatalogView view, Geography geography, string code) =>
        view.Gazetteer.Find(geography, code) ?? view.Gazetteer.FindTerritory(code)
        ?? throw new InvalidOperationException($"The query named unit {code}, which {geography} does not hold.");

    public static ExportTable RankingsTable(RankingsModel m, Reader r) => new(
        Sheet(r.T("Xếp hạng", "Ranking")),
        [
            new(r.Labels[Label.Rank], ColumnKind.Year), new(r.T("Mã", "Code")), new(r.Labels[Label.Unit]),
            new(m.RegionsApproximate ? $"{r.Labels[Label.Region]} ({r.T("gần đúng: vùng của tỉnh đặt trụ sở", "approximate: region of the seat")})" : r.Labels[Label.Region]),
            new(string.IsNullOrEmpty(m.Indicator.Unit) ? r.Labels[Label.Value] : $"{r.Labels[Label.Value]} ({r.Unit(m.Indicator.Unit)})", ColumnKind.Decimal,
                DisplayPrecision.ForColumn(m.Ranked.Where(l => l.Value is not null).Select(l => l.Value!.Value), m.Indicator.Decimals) ?? 2),
            new(r.Labels[Label.RankChange], ColumnKind.Integer),
            new(r.Labels[Label.Derived]),
        ],
        [.. m.Ranked.Concat(m.Unranked).Select(l => (IReadOnlyList<object?>)
            [l.Rank, l.Unit.Code, l.Unit.NameVi, r.Region(l.Unit.Region.Name), l.Value, l.RankChange, l.Derived ? r.Labels[Label.Derived] : null])]);

    public async Task<ProfileModel> ProfileAsync(string code, string? geography, int? targetYear = null)
    {
        var view = await queries.CatalogAsync();
        var profile = await queries.ProfileAsync(code, string.IsNullOrEmpty(geography) ? null : geography, targetYear);
        var unit = Unit(view, profile.Unit.Geography, profile.Unit.Code);
        var successor = view.Gazetteer.SuccessorOf(unit);
        // A unit of the 34 lists its member provinces; Hà Nội of the 63 lists Hà Tây, merged into it in 2008.
        var members = unit.Members.Count > 0 ? view.Gazetteer.MembersOf(unit)
            : [.. view.Gazetteer.UnitsOf(unit.Geography).Where(p => p.SuccessorCode == unit.Code && p.Code != unit.Code)];
        return new ProfileModel(unit, successor, members, profile);
    }

    public static ExportTable ProfileTable(ProfileModel m, Reader r) => new(
        Sheet(m.Unit.NameAscii),
        [
            new(r.T("Mã chỉ tiêu", "Indicator code")), new(r.Labels[Label.Indicator]), new(r.T("Đơn vị đo", "Unit of measure")),
            new(r.Labels[Label.Year], ColumnKind.Year), new(r.Labels[Label.Value], ColumnKind.Decimal, 2), new(r.Labels[Label.Derived]),
            new(r.T("Tỉnh thành viên có số liệu", "Members with the figure")),
            new(r.T("Số liệu của các tỉnh thành viên", "Members' latest figures")),
            new(r.T("Năm trước đó", "Previous year"), ColumnKind.Year), new(r.Labels[Label.Change], ColumnKind.Decimal, 2),
            new(r.Labels[Label.Rank], ColumnKind.Year), new(r.T("Số đơn vị xếp hạng", "Units ranked"), ColumnKind.Year),
            new(r.Labels[Label.RankChange], ColumnKind.Integer), new($"{r.Labels[Label.Target]} {m.Profile.TargetYear}", ColumnKind.Decimal, 2),
            new(r.Labels[Label.Status]), new(r.Labels[Label.Probability], ColumnKind.Percent),
        ],
        [.. m.Profile.Rows.Select(l => (IReadOnlyList<object?>)
            [l.Indicator, r.English ? l.NameEn : (l.NameVi.Length > 0 ? l.NameVi : l.NameEn), r.Unit(l.Unit), l.Year, l.Value,
             l.Origin == FigureOrigin.Derived ? r.Labels[Label.Derived] : null,
             l.MembersTotal is { } total && l.Origin == FigureOrigin.Derived ? $"{l.MembersCovered}/{total}" : null,
             l.MemberFigures is { Count: > 0 } f ? string.Join("; ", f.Select(x => $"{x.Name} {x.Year}: {x.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}")) : null,
             l.PreviousYear, l.Value - l.PreviousValue, l.Rank, l.Ranked, l.RankChange,
             l.Target, l.Status is null ? null : r.Status(l.Status), l.Probability])]);

    public async Task<SeriesModel> SeriesAsync(string province, string indicator, int? targetYear, string? geography)
    {
        var view = await queries.CatalogAsync();
        var series = await queries.SeriesAsync(province, indicator, string.IsNullOrEmpty(geography) ? null : geography);
        var forecast = await queries.ForecastAsync(series.Province, series.Indicator, targetYear, series.Geography.Code);
        return new SeriesModel(Unit(view, series.Geography, series.Province), view.Indicators.Find(series.Indicator)!, series,
            series.Observations.Count == 0 ? null : forecast, forecast.TargetYear, sources);
    }

    public static ExportTable SeriesTable(SeriesModel m, Reader r) => new(
        Sheet(r.T("Số liệu", "Figures")),
        [
            new(r.Labels[Label.Year], ColumnKind.Year), new(r.T("Quý", "Quarter"), ColumnKind.Year), new(r.Labels[Label.Kind]),
            new(r.Labels[Label.Value], ColumnKind.Decimal, m.Indicator.Decimals ?? 2), new(r.T("Đơn vị đo", "Unit of measure")), new(r.Labels[Label.Source]),
            new(r.T("Số, ký hiệu văn bản", "Document number")), new(r.T("Cơ quan ban hành", "Issued by")), new(r.T("Địa chỉ", "Address")),
            new(r.Labels[Label.Quote]), new(r.Labels[Label.Revisions]), new(r.Labels[Label.Derived]),
        ],
        // Withdrawn figures stay on the page's history, not in a download of the figures.
        [.. OrderedPoints(m.Series).Where(p => p.Withdrawn is null).Select(p => m.Sources.Resolve(p.Source) is var doc ? (IReadOnlyList<object?>)
            [p.Year, p.Quarter, r.Kind(p.Kind), p.Value, r.Unit(p.Unit ?? m.Indicator.Unit), doc?.TitleVi ?? p.Source, doc?.Number, doc?.Issuer, doc?.Url, p.Quote,
             string.Join("; ", p.Revisions.Select(v => $"{r.Locale.Value(v.Value, m.Indicator.Decimals)} ({m.Sources.Resolve(v.Source)?.TitleVi ?? v.Source}, {r.Locale.Date(v.ReplacedAt)})")),
             p.Origin == FigureOrigin.Derived ? PointDerivation(p, r, m.Indicator.Decimals) : null] : [])]);

    /// <summary>A derived point's method and members' figures, as plain text in the reader's language.</summary>
    public static string PointDerivation(SeriesPointDto p, Reader r, int? decimals) =>
        $"{r.Method(p.Method)}: " + string.Join("; ", (p.Members ?? []).Select(x =>
            $"{x.Name} ({x.Code}) {(x.Value is { } v ? r.Locale.Value(v, decimals) : "–")}"));

    public static IEnumerable<SeriesPointDto> OrderedPoints(SeriesDto s) =>
        s.Observations.OrderBy(p => p.Year).ThenBy(p => p.Quarter ?? 0).ThenBy(p => p.Kind);

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

    public static ExportTable AttainmentTable(AttainmentModel m, Reader r) => new(
        Sheet(r.T("Chậm tiến độ", "Off track")),
        [
            new(r.T("Mã tỉnh", "Province code")), new(r.Labels[Label.Unit]), new(r.Labels[Label.Region]), new(r.T("Mã chỉ tiêu", "Indicator code")),
            new(r.Labels[Label.Indicator]), new(r.Labels[Label.Status]), new($"{r.Labels[Label.Target]} {m.Year}", ColumnKind.Decimal, 2),
            new(r.Labels[Label.Projection], ColumnKind.Decimal, 2), new(r.Labels[Label.Probability], ColumnKind.Percent),
        ],
        [.. m.Attention.Select(l => (IReadOnlyList<object?>)
            [l.Unit.Code, l.Unit.NameVi, r.Region(l.Unit.Region.Name), l.Indicator.Code, r.IndicatorName(l.Indicator), r.Status(l.Status),
             l.Forecast.Attainment?.Target, l.Forecast.Attainment?.Projected ?? l.Forecast.Point, l.Forecast.Attainment?.Probability])]);

    public static ExportTable AttainmentCountsTable(AttainmentModel m, Reader r) => new(
        Sheet(r.T("Theo vùng", "By region")),
        [
            new(r.Labels[Label.Region]),
            .. AttainmentStatuses.Codes.Select(s => new ExportColumn(r.Status(s), ColumnKind.Integer)),
            new(r.T("Tổng", "Total"), ColumnKind.Integer),
        ],
        [
            .. m.ByRegion.Select(x => (IReadOnlyList<object?>)
                [r.Region(x.Region), .. AttainmentStatuses.Codes.Select(s => (object?)x.Counts[s]), x.Counts.Values.Sum()]),
            [r.T("Tổng", "Total"), .. AttainmentStatuses.Codes.Select(s => (object?)m.Totals[s]), m.Totals.Values.Sum()],
        ]);

    /// <summary>Sheet names: at most 31 characters and none of []:*?/\ (Excel's rules).</summary>
    private static string Sheet(string name)
    {
        var clean = new string([.. name.Select(c => "[]:*?/\\".Contains(c) ? ' ' : c)]).Trim();
        return clean.Length > 31 ? clean[..31] : clean.Length == 0 ? "Sheet" : clean;
    }
}
