using Analytics.Contracts;
using Analytics.Domain;
using Analytics.Domain.Geography;
using Analytics.Api.Queries;
using Analytics.Presentation.Export;
using Analytics.Presentation.Localization;

namespace Analytics.Api.Pages.Data;

/// <summary>
/// A page's table as a download (the same rows as on screen, from the same model) and the texts the table and its
/// download share. A table's name is its sheet's: the workbook writer makes it a valid, unique sheet name.
/// </summary>
public static class PageTables
{
    /// <summary>How a derived value follows from its members: the method and each member's figure (and population weight).</summary>
    public static string DerivedText(RankingRowDto row, Reader r, Func<double, string> figure) =>
        string.Join(" ", new[]
        {
            r.Labels[Label.DerivedNote] + (row.Method is { } method ? $" ({r.Method(method)})" : "") + ":",
            string.Join("; ", (row.Members ?? []).Select(x => $"{x.Name} ({x.Code}) {(x.Value is { } v ? figure(v) : "–")}"
                + (x.Population is { } pop ? $" × {figure(pop)}{(x.PopulationYear is { } py ? $" ({py})" : "")}" : ""))),
        }.Concat(row.Notes ?? []));

    /// <summary>A derived point's method and members' figures, as plain text in the reader's language.</summary>
    public static string PointDerivation(SeriesPointDto p, Reader r, int? decimals) =>
        $"{r.Method(p.Method)}: " + string.Join("; ", (p.Members ?? []).Select(x =>
            $"{x.Name} ({x.Code}) {(x.Value is { } v ? r.Locale.Value(v, decimals) : "–")}"));

    /// <summary>The column beside a value's that says when it is a bound or an approximation (&gt; ≥ &lt; ≤ ≈), last so earlier columns keep their places.</summary>
    private static ExportColumn QualifierColumn(Reader r) => new(r.T("Cận hoặc xấp xỉ", "Bound or approximation"));

    public static IEnumerable<SeriesPointDto> OrderedPoints(SeriesDto s) =>
        s.Observations.OrderBy(p => p.Year).ThenBy(p => p.Quarter ?? 0).ThenBy(p => p.Kind);

    public static ExportTable RankingsTable(RankingsModel m, Reader r) => new(
        r.T("Xếp hạng", "Ranking"),
        [
            new(r.Labels[Label.Rank], ColumnKind.Year), new(r.T("Mã", "Code")), new(r.Labels[Label.Unit]),
            new(m.RegionsApproximate ? $"{r.Labels[Label.Region]} ({r.T("gần đúng: vùng của tỉnh đặt trụ sở", "approximate: region of the seat")})" : r.Labels[Label.Region]),
            new(string.IsNullOrEmpty(m.Indicator.Unit) ? r.Labels[Label.Value] : $"{r.Labels[Label.Value]} ({r.Unit(m.Indicator.Unit)})", ColumnKind.Decimal,
                m.Decimals ?? DisplayPrecision.Open),
            new(r.Labels[Label.RankChange], ColumnKind.Integer),
            new(r.Labels[Label.Derived]),
            QualifierColumn(r), new(r.T("Thứ hạng chưa biết chắc", "Rank not certain")), QualityColumn(r),
        ],
        [.. m.Ranked.Concat(m.Unranked).Select(l => (IReadOnlyList<object?>)
            [l.Rank, l.Unit.Code, l.Unit.NameVi, r.Region(l.Unit.Region.Name), l.Value, l.RankChange, l.Derived ? r.Labels[Label.Derived] : null,
             l.Row.Qualifier, l.Row.RankNote, QualityCell(l.Row.Quality is { } q ? [q] : null, r)])]);

    /// <summary>A figure's quality mark as shown beside it: the flag and its severity ("⚑ cao").</summary>
    public static string QualityText(FigureQualityDto q, Reader r) => QualityQueries.Shown(q).Mark(r.Locale.Language);

    /// <summary>What the mark means, its tooltip: the rule, the follow-up state and the reason.</summary>
    public static string QualityTitle(FigureQualityDto q, Reader r) => QualityQueries.Shown(q).Explanation(r.Locale.Language);

    /// <summary>A download's quality cell: every flag's mark and meaning, most severe first.</summary>
    private static string? QualityCell(IEnumerable<FigureQualityDto>? flags, Reader r) =>
        flags?.ToList() is { Count: > 0 } list ? string.Join("; ", list.Select(q => QualityQueries.Shown(q).Cell(r.Locale.Language))) : null;

    /// <summary>The column of a download that holds a figure's quality flags, last so earlier columns keep their places.</summary>
    private static ExportColumn QualityColumn(Reader r) => new(r.T("Chất lượng", "Quality"));

    public static ExportTable ProfileTable(ProfileModel m, Reader r) => new(
        m.Unit.NameAscii,
        [
            new(r.T("Mã chỉ tiêu", "Indicator code")), new(r.Labels[Label.Indicator]), new(r.T("Đơn vị đo", "Unit of measure")),
            new(r.Labels[Label.Year], ColumnKind.Year), new(r.Labels[Label.Value], ColumnKind.Decimal, 2), new(r.Labels[Label.Derived]),
            new(r.T("Tỉnh thành viên có số liệu", "Members with the figure")),
            new(r.T("Số liệu của các tỉnh thành viên", "Members' latest figures")),
            new(r.T("Năm trước đó", "Previous year"), ColumnKind.Year), new(r.Labels[Label.Change], ColumnKind.Decimal, 2),
            new(r.Labels[Label.Rank], ColumnKind.Year), new(r.T("Số đơn vị xếp hạng", "Units ranked"), ColumnKind.Year),
            new(r.Labels[Label.RankChange], ColumnKind.Integer), new($"{r.Labels[Label.Target]} {m.Profile.TargetYear}", ColumnKind.Decimal, 2),
            new(r.Labels[Label.Status]), new(r.Labels[Label.Probability], ColumnKind.Percent),
            QualifierColumn(r), QualityColumn(r),
        ],
        [.. m.Profile.Rows.Select(l => (IReadOnlyList<object?>)
            [l.Indicator, r.English ? l.NameEn : (l.NameVi.Length > 0 ? l.NameVi : l.NameEn), r.Unit(l.Unit), l.Year, l.Value,
             l.Origin == FigureOrigin.Derived ? r.Labels[Label.Derived] : null,
             l.MembersTotal is { } total && l.Origin == FigureOrigin.Derived ? $"{l.MembersCovered}/{total}" : null,
             l.MemberFigures is { Count: > 0 } f ? string.Join("; ", f.Select(x => $"{x.Name} {x.Year}: {x.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}")) : null,
             // A difference of two stored figures, without the binary noise of the subtraction (0.9, not 0.8999999999999995).
             l.PreviousYear, l.Value - l.PreviousValue is { } change ? Math.Round(change, 10) : null, l.Rank, l.Ranked, l.RankChange,
             l.Target, l.Status is null ? null : r.Status(l.Status), l.Probability, l.Qualifier, QualityCell(l.Quality is { } q ? [q] : null, r)])]);

    public static ExportTable SeriesTable(SeriesModel m, Reader r) => new(
        r.T("Số liệu", "Figures"),
        [
            new(r.Labels[Label.Year], ColumnKind.Year), new(r.T("Quý", "Quarter"), ColumnKind.Year), new(r.Labels[Label.Kind]),
            new(r.Labels[Label.Value], ColumnKind.Decimal, m.Indicator.Decimals ?? DisplayPrecision.Open), new(r.T("Đơn vị đo", "Unit of measure")), new(r.Labels[Label.Source]),
            new(r.T("Số, ký hiệu văn bản", "Document number")), new(r.T("Cơ quan ban hành", "Issued by")), new(r.T("Địa chỉ", "Address")),
            new(r.Labels[Label.Quote]), new(r.Labels[Label.Revisions]), new(r.Labels[Label.Derived]),
            QualifierColumn(r), QualityColumn(r),
        ],
        // Withdrawn figures stay on the page's history, not in a download of the figures.
        [.. OrderedPoints(m.Series).Where(p => p.Withdrawn is null).Select(p => m.Sources.Resolve(p.Source) is var doc ? (IReadOnlyList<object?>)
            [p.Year, p.Quarter, r.Kind(p.Kind), p.Value, r.Unit(p.Unit ?? m.Indicator.Unit), doc?.TitleVi ?? p.Source, doc?.Number, doc?.Issuer, doc?.Url, p.Quote,
             string.Join("; ", p.Revisions.Select(v => $"{r.Qualified(v.Qualifier, r.Locale.Value(v.Value, m.Indicator.Decimals))} ({m.Sources.Resolve(v.Source)?.TitleVi ?? v.Source}, {r.Locale.Date(v.ReplacedAt)})")),
             p.Origin == FigureOrigin.Derived ? PointDerivation(p, r, m.Indicator.Decimals) : null, p.Qualifier, QualityCell(p.Quality, r)] : [])]);

    public static ExportTable AttainmentTable(AttainmentModel m, Reader r) => new(
        r.T("Chậm tiến độ", "Off track"),
        [
            new(r.T("Mã tỉnh", "Province code")), new(r.Labels[Label.Unit]), new(r.Labels[Label.Region]), new(r.T("Mã chỉ tiêu", "Indicator code")),
            new(r.Labels[Label.Indicator]), new(r.Labels[Label.Status]), new($"{r.Labels[Label.Target]} {m.Year}", ColumnKind.Decimal, 2),
            new(r.Labels[Label.Projection], ColumnKind.Decimal, 2), new(r.Labels[Label.Probability], ColumnKind.Percent),
        ],
        [.. m.Attention.Select(l => (IReadOnlyList<object?>)
            [l.Unit.Code, l.Unit.NameVi, r.Region(l.Unit.Region.Name), l.Indicator.Code, r.IndicatorName(l.Indicator), r.Status(l.Status),
             Figure.Of(l.Forecast.Attainment?.Target, l.Indicator.Decimals), Figure.Of(l.Forecast.Attainment?.Projected ?? l.Forecast.Point, l.Indicator.Decimals),
             l.Forecast.Attainment?.Probability])]);

    public static ExportTable AttainmentCountsTable(AttainmentModel m, Reader r) => new(
        r.T("Theo vùng", "By region"),
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
}
