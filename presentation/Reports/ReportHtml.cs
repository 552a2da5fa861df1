using System.Text;
using Analytics.Presentation.Charts;
using Analytics.Presentation.Localization;
using Analytics.Presentation.Maps;
using Analytics.Domain;
using Analytics.Domain.Geography;

namespace Analytics.Presentation.Reports;

/// <summary>
/// The reports as one stand-alone HTML document each: A4 pages (<c>@page</c>), a print stylesheet, all CSS inline
/// in a <c>&lt;style&gt;</c>, charts and maps as inline SVG. Nothing is fetched, so Chromium prints it from a temp
/// file (ReportPdf) exactly as a browser shows it.
/// </summary>
public sealed class ReportHtml(ChoroplethMap maps)
{
    public const string ContentType = "text/html; charset=utf-8";

    public string Render(ProvinceReport report, ReaderLocale locale)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(locale);
        // The words made below the page (Bilingual.T) follow the report's language, whoever asks for it.
        using var reading = Bilingual.Reading(locale.Language == Language.En);
        var text = ReportText.For(locale.Language);
        var labels = locale.Labels;
        var unitName = report.Unit.Name(locale.Language);
        var html = new Page(locale);
        html.Open($"{text.ProvinceReportTitle} — {unitName} — {report.Cover.TargetYear}");

        html.Raw("<header class=\"cover\">");
        html.Element("p", "kicker", text.ProvinceReportTitle);
        html.Element("h1", null, unitName);
        Cover(html, report.Cover, text.ScopeLine(unitName, text.GeographyName(report.Unit.Geography), report.Cover.TargetYear), text);
        html.Raw("</header>");

        var outlook = report.Outlook;
        // A merged unit sets no target of the year itself: its page 1 counts its members' targets instead of nothing.
        var byMembers = report.Indicators.Count == 0 && outlook is { MemberTargets.Count: > 0 };
        html.Raw("<section class=\"summary\">");
        html.Element("h2", null, text.Summary);
        if (byMembers)
        {
            html.Element("p", null, Bilingual.T(
                $"Đơn vị không tự đặt mục tiêu năm {report.Cover.TargetYear}; các mục tiêu dưới đây do các tỉnh thành viên đặt trước khi hợp nhất.",
                $"The unit set no target of its own for {report.Cover.TargetYear}; the targets below were set by its member provinces before the merger."));
            StatusSummary(html, outlook!.MemberStatusCounts, Bilingual.T("Số mục tiêu của tỉnh thành viên", "Members' targets"));
        }
        else StatusSummary(html, report.StatusCounts, text.Count);
        html.Raw("</section>");

        if (outlook is { MemberTargets.Count: > 0 }) MemberTargets(html, outlook, report.Cover.TargetYear);

        html.Raw("<section class=\"indicators wide\">");
        html.Element("h2", null, text.IndicatorsWithTarget);
        if (report.Indicators.Count == 0) html.Element("p", null, text.NoTargets(report.Cover.TargetYear));
        else ProjectionTable(html, report.Indicators.Select(i => (i.Indicator.Name(locale.Language), i.Indicator, i.Projection)).ToList(), labels[Label.Indicator], text);
        html.Raw("</section>");

        if (report.Indicators.Count > 0)
        {
            html.Raw("<section class=\"charts\">");
            html.Element("h2", null, text.Charts);
            var n = 0;
            foreach (var section in report.Indicators)
            {
                n++;
                html.Raw("<article class=\"indicator\">");
                html.Element("h3", null, section.Indicator.Name(locale.Language));
                var p = section.Projection;
                html.Raw("<p class=\"status-line\">");
                html.Raw(Badge(p.Status, labels));
                if (p.Reason is { Length: > 0 }) html.Text(" " + p.Reason);
                html.Raw("</p>");
                // A target alone is not worth a drawing: say there is nothing to project from instead.
                if (section.Figures.All(f => f.Kind == ObservationKind.Target) && section.Fan.Count == 0)
                {
                    html.Element("p", "note", labels[Label.NoData]);
                    html.Raw("</article>");
                    continue;
                }
                var chart = SeriesChart.Render(new SeriesChartInput(
                    section.Indicator.Name(locale.Language), section.Figures, section.Fan,
                    [.. p.OtherMethods.Select(m => new MethodPoint(m.Method, p.TargetYear, m.Value))],
                    p.TargetYear, section.Indicator.UnitOfMeasure, section.Indicator.Decimals), locale, $"fan-{n}");
                html.Raw("<figure>").Raw(chart.Svg).Raw("</figure>");
                if (section.Rank is { } rank)
                    html.Element("p", "rank-line", $"{text.Ranks}: {RankText(rank, locale, text, section.Indicator.Decimals)}");
                html.Raw("</article>");
            }
            html.Raw("</section>");

            html.Raw("<section class=\"ranks\">");
            html.Element("h2", null, text.Ranks);
            html.Table(
                [labels[Label.Indicator], labels[Label.Year], labels[Label.Value], labels[Label.Rank], text.RankedUnits],
                report.Indicators.Select(i => (IReadOnlyList<string>)
                [
                    i.Indicator.Name(locale.Language),
                    i.Rank?.Year is { } y ? locale.Year(y) : "–",
                    i.Rank?.Value is { } v ? Value(locale, v, i.Indicator, i.Rank.Derived, i.CarryMethod, i.Rank.Qualifier)
                        + html.Flagged(i.Rank.Flag, $"{i.Indicator.Name(locale.Language)}, {(i.Rank.Year is { } fy ? locale.Year(fy) : "")}") : "–",
                    i.Rank?.Rank is { } r ? locale.Rank(r) : labels[Label.NotRanked],
                    i.Rank is { } rk ? locale.Number(rk.RankedUnits) : "–",
                ]).ToList(), numericFrom: 1);
            html.Raw("</section>");
        }

        if (report.Merge is { } merge)
        {
            html.Raw("<section class=\"merge\">");
            html.Element("h2", null, text.MergedUnit);
            html.Element("p", null, text.MergedSince(locale.Date(merge.ValidFrom)));
            html.Raw("<ul>");
            foreach (var m in merge.Members) html.Element("li", null, $"{(locale.Language == Language.En ? m.NameEn : m.NameVi)} ({m.Code})");
            html.Raw("</ul>");
            // Once per rule, naming the indicators; each derived figure's members and values are in the workbook.
            if (merge.HowCarried.Count > 0)
            {
                html.Element("h3", null, text.HowCarried);
                foreach (var note in merge.HowCarried)
                {
                    html.Raw("<p class=\"method-note\"><strong>");
                    html.Text($"{note.Rule} ({locale.Number(note.Indicators.Count)} {Bilingual.T("chỉ tiêu", "indicators")})");
                    html.Raw("</strong>: ");
                    html.Text($"{note.Description}. {string.Join("; ", note.Indicators)}.");
                    html.Raw("</p>");
                }
            }
            html.Element("p", "note", text.DerivedFootnote);
            html.Raw("</section>");
        }

        if (outlook is { Figures.Count: > 0 }) UnitFigures(html, outlook, report.Unit);
        if (outlook is not null)
        {
            Review(html, outlook);
            Horizon(html, outlook);
        }

        TrackRecord(html, report.TrackRecord, text, showUnit: false, showIndicator: true);

        var sources = report.Indicators.SelectMany(i => i.Sources.Select(s => (i.Indicator, s, i.CarryMethod))).ToList();
        html.Raw("<section class=\"sources wide\">");
        html.Element("h2", null, text.Sources);
        // A reported figure's source is its document (its Vietnamese title, in every language) and its quote the source's
        // own words; a derived figure's source and notes are the product's, in the reader's language.
        html.Raw("<table class=\"sources-table\"><thead><tr>");
        foreach (var header in new[] { labels[Label.Indicator], labels[Label.Year], labels[Label.Kind], labels[Label.Value], labels[Label.Source], labels[Label.Quote] })
            html.Element("th", null, header);
        html.Raw("</tr></thead><tbody>");
        foreach (var x in sources)
        {
            html.Raw("<tr>");
            html.Element("td", null, x.Indicator.Name(locale.Language));
            html.Element("td", null, locale.Year(x.s.Year));
            html.Element("td", null, labels.Kind(x.s.Kind));
            html.Element("td", null, Value(locale, x.s.Value, x.Indicator, x.s.Derived, x.CarryMethod, x.s.Qualifier)
                + html.Flagged(x.s.Flag, $"{x.Indicator.Name(locale.Language)}, {locale.Year(x.s.Year)}"));
            if (x.s.Derived) html.Element("td", null, x.s.Source);
            else
            {
                html.Raw("<td lang=\"vi\">");
                html.Text(x.s.Source);
                html.Raw("</td>");
            }
            if (x.s.Derived || string.IsNullOrEmpty(x.s.Quote)) html.Element("td", null, x.s.Quote ?? "");
            else
            {
                html.Raw("<td><q>");
                html.Text(x.s.Quote);
                html.Raw("</q></td>");
            }
            html.Raw("</tr>");
        }
        html.Raw("</tbody></table>");
        html.Raw("</section>");

        QualityNotes(html);
        Methodology(html, report.Methodology, locale, text);
        return html.Close();
    }

    public string Render(IndicatorReport report, ReaderLocale locale)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(locale);
        using var reading = Bilingual.Reading(locale.Language == Language.En);
        var text = ReportText.For(locale.Language);
        var labels = locale.Labels;
        var indicator = report.Indicator;
        var name = indicator.Name(locale.Language);
        var html = new Page(locale);
        html.Open($"{text.IndicatorReportTitle} — {name} — {report.Cover.TargetYear}");

        html.Raw("<header class=\"cover\">");
        html.Element("p", "kicker", text.IndicatorReportTitle);
        html.Element("h1", null, name);
        Cover(html, report.Cover, text.ScopeLine(name, text.GeographyName(report.Cover.Geography), report.Cover.TargetYear), text);
        html.Raw("</header>");

        html.Raw("<section class=\"summary\">");
        html.Element("h2", null, text.Summary);
        StatusSummary(html, report.StatusCounts, text.Units);
        html.Raw("</section>");

        html.Raw("<section class=\"map\">");
        html.Element("h2", null, labels[Label.Map]);
        var map = maps.Render(new ChoroplethInput(report.Cover.Geography,
            report.RankingYear is { } ry ? $"{name} — {ry}" : name,
            [.. report.Rows.Select(r => new MapValue(r.Unit.Code, r.Value, r.Rank, r.Unit.Name(locale.Language), r.Derived, r.Qualifier, r.Flag))],
            Decimals: indicator.Decimals, UnitOfMeasure: indicator.UnitOfMeasure), locale, "indicator-map");
        // The map carries the boundaries' attribution inside the drawing, so print and page show it with the shapes.
        html.Raw("<figure class=\"map-figure\">").Raw(map.Svg).Raw("</figure>");
        html.Raw("</section>");

        html.Raw("<section class=\"ranking\">");
        html.Element("h2", null, text.Ranking);
        if (report.RankingYear is { } year) html.Element("p", null, text.RankingYear(year));
        html.Table(
            [labels[Label.Rank], labels[Label.Unit], labels[Label.Year], labels[Label.Value]],
            report.ByRank.Select(r => (IReadOnlyList<string>)
            [
                r.Rank is { } rank ? locale.Rank(rank) : labels[Label.NotRanked], r.Unit.Name(locale.Language),
                r.ValueYear is { } y ? locale.Year(y) : "–",
                r.Value is { } v ? Value(locale, v, indicator, r.Derived, r.Method, r.Qualifier)
                    + html.Flagged(r.Flag, $"{r.Unit.Name(locale.Language)}, {(r.ValueYear is { } fy ? locale.Year(fy) : "")}") : labels[Label.NoData],
            ]).ToList(), numericFrom: 2);
        html.Raw("</section>");

        html.Raw("<section class=\"projections wide\">");
        html.Element("h2", null, text.ProjectionsByProbability);
        ProjectionTable(html, report.ByProbability.Select(r => (r.Unit.Name(locale.Language), indicator, r.Projection!)).ToList(), labels[Label.Unit], text);
        html.Raw("</section>");

        TrackRecord(html, report.TrackRecord, text, showUnit: true, showIndicator: false);
        QualityNotes(html);
        Methodology(html, report.Methodology, locale, text);
        return html.Close();
    }

    /// <summary>The members' targets of the year grouped by indicator: each member's target, status and probability.</summary>
    private static void MemberTargets(Page html, PlanningOutlook outlook, int year)
    {
        var locale = html.Locale;
        var labels = locale.Labels;
        html.Raw("<section class=\"member-targets wide\">");
        html.Element("h2", null, Bilingual.T($"Mục tiêu năm {year} của các tỉnh thành viên", $"The members' targets for {year}"));
        html.Raw("<table><thead><tr>");
        foreach (var header in new[] { labels[Label.Indicator], Bilingual.T("Tỉnh thành viên", "Member"), text(Label.Target), Bilingual.T("Số liệu gần nhất", "Last figure"),
                     labels[Label.Projection], labels[Label.Probability], labels[Label.Status], Bilingual.T("Cấp đơn vị", "Unit level") })
            html.Element("th", null, header);
        html.Raw("</tr></thead><tbody>");
        foreach (var g in outlook.MemberTargets)
            for (var k = 0; k < g.Members.Count; k++)
            {
                var m = g.Members[k];
                html.Raw("<tr>");
                html.Element("th", null, k == 0 ? g.Indicator.Name(locale.Language) : "");
                html.Element("td", null, m.Name);
                html.Element("td", "num", Value(locale, m.Target, g.Indicator));
                html.Element("td", "num", m.LastValue is { } last ? $"{Value(locale, last, g.Indicator)} ({(m.LastYear is { } y ? locale.Year(y) : "–")})" : "–");
                html.Element("td", "num", m.Projected is { } p ? Value(locale, p, g.Indicator) : "–");
                html.Element("td", "num", m.Probability is { } pb ? Probability(locale, pb) : "–");
                html.Raw("<td>").Raw(Badge(m.Status, labels)).Raw("</td>");
                html.Element("td", null, k > 0 ? "" : g.UnitStatus is { } us
                    ? $"{labels.Status(us)}{(g.UnitProbability is { } up ? $" ({Probability(locale, up)})" : "")}"
                    : HowWords(g.How, g.Members.Count, g.MembersTotal));
                html.Raw("</tr>");
            }
        html.Raw("</tbody></table>");
        html.Raw("</section>");

        string text(Label label) => labels[label];
    }

    /// <summary>Why a group of members' targets has no unit-level status.</summary>
    private static string HowWords(string how, int set, int total) => how switch
    {
        "not-combinable" => Bilingual.T("không gộp được: quy tắc của chỉ tiêu không cộng gộp", "not combined: the indicator's rule does not combine figures"),
        "members-incomplete" => Bilingual.T($"không gộp: {set} của {total} tỉnh thành viên đặt mục tiêu", $"not combined: {set} of {total} members set a target"),
        _ => Bilingual.T("gộp", "combined"),
    };

    /// <summary>The unit's latest figure of every indicator it has one for, with its rank among the units of its geography.</summary>
    private static void UnitFigures(Page html, PlanningOutlook outlook, ReportUnit unit)
    {
        var locale = html.Locale;
        var labels = locale.Labels;
        html.Raw("<section class=\"unit-figures wide\">");
        html.Element("h2", null, Bilingual.T($"Số liệu của đơn vị và thứ hạng trong {(unit.Geography == Geography.Vn34 ? 34 : 63)} đơn vị",
            $"The unit's figures and ranks among the {(unit.Geography == Geography.Vn34 ? 34 : 63)} units"));
        html.Table(
            [labels[Label.Indicator], labels[Label.Year], labels[Label.Value], Bilingual.T("Độ phủ", "Coverage"), labels[Label.Rank]],
            outlook.Figures.Select(f => (IReadOnlyList<string>)
            [
                f.Indicator.Name(locale.Language), locale.Year(f.Year),
                Value(locale, f.Value, f.Indicator, f.Derived, qualifier: f.Qualifier) + html.Flagged(f.Flag, $"{f.Indicator.Name(locale.Language)}, {locale.Year(f.Year)}"),
                f.Coverage ?? "",
                f.Rank is { } r ? $"{locale.Rank(r)}/{locale.Number(f.Ranked ?? 0)}" : labels[Label.NotRanked],
            ]).ToList(), numericFrom: 1);
        html.Raw("</section>");
    }

    /// <summary>The year in review: every target of the year with the forecast made before it and its outcome.</summary>
    private static void Review(Page html, PlanningOutlook outlook)
    {
        var locale = html.Locale;
        var labels = locale.Labels;
        var year = outlook.ReviewYear;
        html.Raw("<section class=\"review wide\">");
        html.Element("h2", null, Bilingual.T($"Nhìn lại năm {year}", $"{year} in review"));
        if (outlook.Review.Count == 0)
        {
            html.Element("p", "note", Bilingual.T($"Không có mục tiêu năm {year} nào của đơn vị, của các tỉnh thành viên hay của quốc gia áp dụng cho đơn vị.",
                $"No target for {year} was set by the unit, its members or a national document that applies to it."));
            html.Raw("</section>");
            return;
        }
        html.Element("p", null, Bilingual.T(
            $"Mỗi mục tiêu năm {year}: số liệu thực tế gần nhất trước năm đó, dự báo lập trước năm đó (đã phát hành, hoặc lập lại với cùng mô hình chỉ từ số liệu các năm trước) và kết quả.",
            $"Every target for {year}: the last actual before the year, the forecast made before it (issued, or back-dated: the same model given only the years before) and the outcome."));
        html.Table(
            [labels[Label.Indicator], Bilingual.T("Người đặt mục tiêu", "Set by"), labels[Label.Target], Bilingual.T("Số liệu trước đó", "Last actual before"),
             labels[Label.Forecast], labels[Label.Probability], Bilingual.T($"Số liệu {year}", $"{year} figure"), Bilingual.T("Kết quả", "Outcome")],
            outlook.Review.Select(r => (IReadOnlyList<string>)
            [
                r.Indicator.Name(locale.Language), r.SetBy ?? "",
                Value(locale, r.Target, r.Indicator),
                r.LastValue is { } lv
                    ? $"{Value(locale, lv, r.Indicator)} ({(r.LastYear is { } ly ? locale.Year(ly) : "–")})" + html.Flagged(r.LastFlag, About(r, r.LastYear, locale))
                    : "–",
                r.ForecastPoint is { } fp ? $"{Value(locale, fp, r.Indicator)} ({OriginWords(r.ForecastOrigin)})" : "–",
                r.ForecastProbability is { } pr ? Probability(locale, pr) : "–",
                r.Actual is { } a ? Value(locale, a, r.Indicator) + html.Flagged(r.ActualFlag, About(r, year, locale)) : "–",
                OutcomeWords(r.Outcome),
            ]).ToList(), numericFrom: 2);
        html.Raw("</section>");
    }

    /// <summary>Which figure a review line's mark is about: the indicator, the member's when it is a member's, and the year.</summary>
    private static string About(ReviewLine line, int? year, ReaderLocale locale) =>
        $"{line.Indicator.Name(locale.Language)}{(line.Member is { } m ? $" ({m})" : "")}, {(year is { } y ? locale.Year(y) : "")}";

    private static string OriginWords(string? origin) => origin switch
    {
        "issued" => Bilingual.T("đã phát hành", "issued"),
        "back-dated" => Bilingual.T("lập lại", "back-dated"),
        _ => origin ?? "",
    };

    private static string OutcomeWords(string outcome) => outcome switch
    {
        "met" => Bilingual.T("đạt", "met"),
        "missed" => Bilingual.T("không đạt", "missed"),
        _ => Bilingual.T("chưa có số liệu", "not yet reported"),
    };

    /// <summary>The national targets of the horizon year that apply to every unit: where each is written, word for word, and the unit's projection.</summary>
    private static void Horizon(Page html, PlanningOutlook outlook)
    {
        var locale = html.Locale;
        var labels = locale.Labels;
        var year = outlook.HorizonYear;
        html.Raw("<section class=\"horizon wide\">");
        html.Element("h2", null, Bilingual.T($"Hướng tới {year}: các mục tiêu quốc gia áp dụng", $"Toward {year}: the national targets that apply"));
        if (outlook.National.Count == 0)
        {
            html.Element("p", "note", Bilingual.T($"Không có mục tiêu quốc gia nào cho năm {year} trong dữ liệu.", $"No national target for {year} is in the data."));
            html.Raw("</section>");
            return;
        }
        foreach (var goal in outlook.National)
        {
            html.Raw("<article class=\"national-goal\">");
            html.Element("h3", null, $"{goal.Indicator.Name(locale.Language)}: {goal.Comparator} {Value(locale, goal.Target, goal.Indicator)} ({year})");
            // The document's number and clause are its own (Vietnamese) designations, marked so in either language.
            html.Raw("<p class=\"document\"><code>");
            html.Text(goal.Document);
            html.Raw("</code>, ");
            html.Text(goal.Date);
            html.Raw(", <span lang=\"vi\">");
            html.Text(goal.Clause);
            html.Raw("</span> — ");
            html.Text(goal.Title);
            html.Raw("</p>");
            html.Raw("<blockquote lang=\"vi\"><q>");
            html.Text(goal.Quote);
            html.Raw("</q></blockquote>");
            html.Raw("<p class=\"note\"><code>");
            html.Text(goal.SourceUrl);
            html.Raw("</code></p>");
            if (goal.Projection is { } p)
            {
                var lastMark = p.LastValue is null ? "" : html.Flagged(p.LastFlag, $"{goal.Indicator.Name(locale.Language)}, {(p.LastYear is { } fy ? locale.Year(fy) : "")}");
                html.Raw("<p class=\"status-line\">").Raw(Badge(p.Status, labels));
                html.Text(" " + Bilingual.T(
                    $"Dự báo {year}: {(p.Projected is { } v ? Value(locale, v, goal.Indicator) : "–")}, khoảng 80% {Interval(locale, p.Interval80, goal.Indicator)}; xác suất đạt {(p.Probability is { } pb ? Probability(locale, pb) : "–")}; số liệu gần nhất {(p.LastValue is { } lv ? Value(locale, lv, goal.Indicator, p.Derived) : "–")} ({p.LastYear}){lastMark}",
                    $"Projection for {year}: {(p.Projected is { } v2 ? Value(locale, v2, goal.Indicator) : "–")}, 80% interval {Interval(locale, p.Interval80, goal.Indicator)}; probability of meeting it {(p.Probability is { } pb2 ? Probability(locale, pb2) : "–")}; last figure {(p.LastValue is { } lv2 ? Value(locale, lv2, goal.Indicator, p.Derived) : "–")} ({p.LastYear}){lastMark}"));
                html.Raw("</p>");
            }
            else html.Element("p", "note", Bilingual.T("Đơn vị chưa có số liệu của chỉ tiêu này để dự báo.", "The unit has no figure of this indicator to project from."));
            html.Raw("</article>");
        }
        html.Raw("</section>");
    }

    private static void Cover(Page html, ReportCover cover, string scope, ReportText text)
    {
        var locale = html.Locale;
        html.Raw("<dl class=\"facts\">");
        html.Fact(text.Scope, scope);
        html.Fact(locale.Labels[Label.DataAsOf], cover.DataAsOf is { } asOf ? locale.DateTime(asOf) : "–");
        html.Fact(text.ModelVersion, cover.ModelVersion ?? Bilingual.T("chưa có: mô hình đang huấn luyện lần đầu", "none yet: the model is still in its first training"));
        if (cover.ModelTrainedAt is { } trained) html.Fact(text.ModelTrained, locale.DateTime(trained));
        html.Fact(text.Skill, cover.Skill is { } skill ? text.SkillLine(locale, skill) : "–");
        html.Fact(text.Generated, locale.DateTime(cover.GeneratedAt));
        html.Raw("</dl>");
    }

    private static void StatusSummary(Page html, IReadOnlyList<StatusCount> counts, string countHeader)
    {
        var labels = html.Locale.Labels;
        html.Raw("<table class=\"status-summary\"><thead><tr>");
        html.Element("th", null, labels[Label.Status]);
        html.Element("th", "num", countHeader);
        html.Raw("</tr></thead><tbody>");
        foreach (var (status, count) in counts)
        {
            html.Raw("<tr><td>").Raw(Badge(status, labels)).Raw("</td>");
            html.Element("td", "num", html.Locale.Number(count));
            html.Raw("</tr>");
        }
        html.Raw("</tbody></table>");
    }

    private static void ProjectionTable(Page html, IReadOnlyList<(string Name, ReportIndicator Indicator, Projection Projection)> rows, string firstHeader, ReportText text)
    {
        var locale = html.Locale;
        var labels = locale.Labels;
        html.Raw("<table class=\"projections\"><thead><tr>");
        foreach (var (header, numeric) in new[]
        {
            (firstHeader, false), (text.LastFigure, true), (labels[Label.Target], true), (labels[Label.Projection], true),
            (labels[Label.Interval80], true), (labels[Label.Interval95], true), (labels[Label.Probability], true),
            (text.RequiredVersusObserved, true), (labels[Label.Status], false), (text.SpreadOfMethods, true),
            (text.AccuracyForSeriesLikeThis, true),
        }) html.Element("th", numeric ? "num" : null, header);
        html.Raw("</tr></thead><tbody>");
        foreach (var (name, indicator, p) in rows)
        {
            html.Raw("<tr>");
            html.Element("th", null, name);
            html.Element("td", "num", p.LastValue is { } last
                ? $"{Value(locale, last, indicator, p.Derived)} ({(p.LastYear is { } ly ? locale.Year(ly) : "–")})"
                  + html.Flagged(p.LastFlag, $"{name}, {(p.LastYear is { } fy ? locale.Year(fy) : "")}")
                : "–");
            html.Element("td", "num", p.Target is { } t ? Value(locale, t, indicator) : "–");
            html.Element("td", "num strong", p.Projected is { } pr ? Value(locale, pr, indicator) : "–");
            html.Element("td", "num", Interval(locale, p.Interval80, indicator));
            html.Element("td", "num", Interval(locale, p.Interval95, indicator));
            html.Element("td", "num", p.Probability is { } pb ? Probability(locale, pb) : "–");
            html.Element("td", "num", (p.RequiredYearlyChange is { } rc ? locale.SignedNumber(rc, indicator.Decimals) : "–")
                + " / " + (p.ObservedYearlyChange is { } oc ? locale.SignedNumber(oc, indicator.Decimals) : "–"));
            html.Raw("<td>").Raw(Badge(p.Status, labels)).Raw("</td>");
            html.Element("td", "num", p.Spread is { } s ? $"{locale.Number(s.Low, indicator.Decimals)}–{locale.Number(s.High, indicator.Decimals)}" : "–");
            html.Element("td", "num", p.Accuracy is { } a ? text.Accuracy(a, locale) : "–");
            html.Raw("</tr>");
        }
        html.Raw("</tbody></table>");
    }

    private static void TrackRecord(Page html, IReadOnlyList<TrackRecordEntry> entries, ReportText text, bool showUnit, bool showIndicator)
    {
        var locale = html.Locale;
        var labels = locale.Labels;
        html.Raw("<section class=\"track-record wide\">");
        html.Element("h2", null, text.TrackRecord);
        html.Element("p", null, text.TrackRecordIntro);
        if (entries.Count == 0)
        {
            html.Element("p", "note", text.NoTrackRecord);
            html.Raw("</section>");
            return;
        }
        var headers = new List<string>();
        if (showUnit) headers.Add(labels[Label.Unit]);
        if (showIndicator) headers.Add(labels[Label.Indicator]);
        headers.AddRange([labels[Label.TargetYear], labels[Label.Target], text.Actual, text.Outcome, text.Issued, text.ModelVersion, text.Forecast, labels[Label.Interval80], text.Error]);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var e in entries)
        {
            var lead = new List<string>();
            if (showUnit) lead.Add(e.Unit.Name(locale.Language));
            if (showIndicator) lead.Add(e.Indicator.Name(locale.Language));
            lead.AddRange([locale.Year(e.TargetYear), e.Target is { } t ? Value(locale, t, e.Indicator) : "–",
                Value(locale, e.Actual, e.Indicator) + html.Flagged(e.ActualFlag, $"{(showUnit ? e.Unit.Name(locale.Language) : e.Indicator.Name(locale.Language))}, {locale.Year(e.TargetYear)}"),
                e.Achieved switch { true => text.Achieved, false => text.Missed, null => "–" }]);
            if (e.Forecasts.Count == 0)
                rows.Add([.. lead, "–", "–", "–", "–", "–"]);
            foreach (var f in e.Forecasts)
            {
                rows.Add([.. lead, locale.DateTime(f.IssuedAt), ShortVersion(f.ModelVersion), Value(locale, f.Point, e.Indicator),
                    Interval(locale, f.Interval80, e.Indicator), locale.SignedNumber(TrackRecordEntry.Error(f, e.Actual), e.Indicator.Decimals)]);
            }
        }
        html.Table(headers, rows, numericFrom: -1);
        html.Raw("</section>");
    }

    private static void Methodology(Page html, Methodology methodology, ReaderLocale locale, ReportText text)
    {
        html.Raw("<section class=\"methodology\">");
        html.Element("h2", null, text.Methodology);
        foreach (var (heading, body) in text.MethodologyParagraphs(methodology, locale))
        {
            html.Element("h3", null, heading);
            html.Element("p", null, body);
        }
        html.Raw("</section>");
    }

    private static string RankText(UnitRank rank, ReaderLocale locale, ReportText text, int decimals) =>
        rank.Rank is { } r
            ? text.RankOf(locale.Rank(r), rank.RankedUnits) + (rank.Year is { } y ? $" ({locale.Year(y)})" : "")
            : locale.Labels[Label.NotRanked];

    /// <summary>
    /// A figure in the report: the indicator's decimals, its qualifier when the document gives a bound or an approximation
    /// ("&gt; 40"), and "(derived)" when it was computed from members.
    /// </summary>
    public static string Value(ReaderLocale locale, double value, ReportIndicator indicator, bool derived = false, string? method = null, string? qualifier = null) =>
        Qualifiers.FromSymbol(qualifier).Shown(locale.Number(value, indicator.Decimals))
        + (derived ? $" ({locale.Labels[Label.Derived]}{(method is null ? "" : ", " + method)})" : "");

    /// <summary>
    /// The footnotes of the figures marked ⚑ above: each flagged figure once, numbered as it was marked, with the rule, the
    /// follow-up state and the reason. Nothing when no figure shown is flagged.
    /// </summary>
    private static void QualityNotes(Page html)
    {
        if (html.Flags.Count == 0) return;
        var language = html.Locale.Language;
        html.Raw("<section class=\"quality-notes\">");
        html.Element("h2", null, Bilingual.T("Số liệu bị gắn cờ chất lượng", "Figures flagged by the quality checks"));
        html.Element("p", null, Bilingual.T(
            "Các quy tắc kiểm tra chất lượng nghi ngờ những số liệu đánh dấu ⚑; số liệu vẫn được dùng như đã gửi cho đến khi được sửa hoặc xác nhận.",
            "The quality rules question the figures marked ⚑; they are used as sent until they are corrected or confirmed."));
        html.Raw("<ul class=\"quality-notes\">");
        foreach (var (n, (about, flag)) in html.Flags.Index())
        {
            html.Raw($"<li data-rule=\"{Encode(flag.Rule)}\" data-state=\"{Encode(flag.State)}\">");
            html.Text($"{FigureFlag.Symbol}{n + 1} {about}: {flag.Cell(language)}");
            html.Raw("</li>");
        }
        html.Raw("</ul>");
        html.Raw("</section>");
    }

    /// <summary>"52,2–94,4" (vi) / "52.2–94.4" (en), or "–".</summary>
    public static string Interval(ReaderLocale locale, ReportInterval? interval, ReportIndicator indicator) =>
        interval is { } i ? $"{locale.Number(i.Lower, indicator.Decimals)}–{locale.Number(i.Upper, indicator.Decimals)}" : "–";

    /// <summary>A probability as a whole percentage: 17%.</summary>
    public static string Probability(ReaderLocale locale, double probability) => locale.PercentOfFraction(probability, 0);

    // Only the characters HTML gives meaning to: WebUtility.HtmlEncode would also turn every Vietnamese letter into
    // a numeric entity, which is valid but makes the page source unreadable and four times larger.
    private static string Encode(string text)
    {
        text = Export.FormulaSafety.Neutralised(text);
        if (text.AsSpan().IndexOfAny("<>&\"'") < 0) return text;
        var encoded = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            encoded.Append(c switch
            {
                '<' => "&lt;", '>' => "&gt;", '&' => "&amp;", '"' => "&quot;", '\'' => "&#39;",
                _ => c.ToString(),
            });
        }
        return encoded.ToString();
    }

    private static string ShortVersion(string version) => version.Length > 12 ? version[..12] : version;

    private static string Badge(AttainmentStatus status, LabelCatalog labels) =>
        $"<span class=\"status status-{status.ToCode()}\">{Encode(labels.Status(status))}</span>";

    /// <summary>The document being written: every text from data goes through <see cref="Encode"/>.</summary>
    private sealed class Page(ReaderLocale locale)
    {
        private readonly StringBuilder _html = new(64 * 1024);
        private readonly List<(string About, FigureFlag Flag)> _flags = [];

        public ReaderLocale Locale => locale;

        /// <summary>The flagged figures marked so far, in the order of their footnote numbers.</summary>
        public IReadOnlyList<(string About, FigureFlag Flag)> Flags => _flags;

        /// <summary>
        /// The mark after a flagged figure (" ⚑2"), its footnote numbered once per figure however often it is shown
        /// (<paramref name="about"/> names it); nothing for a figure no rule flags.
        /// </summary>
        public string Flagged(FigureFlag? flag, string about)
        {
            if (flag is null) return "";
            var at = _flags.FindIndex(f => f.About == about && f.Flag == flag);
            if (at < 0)
            {
                _flags.Add((about, flag));
                at = _flags.Count - 1;
            }
            return $" {FigureFlag.Symbol}{at + 1}";
        }

        public void Open(string title)
        {
            _html.Append("<!DOCTYPE html>\n<html lang=\"").Append(locale.Code).Append("\"><head><meta charset=\"utf-8\"/>")
                .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/><title>")
                .Append(Encode(title)).Append("</title><style>").Append(Stylesheet).Append("</style></head><body><main class=\"report\">");
        }

        public string Close() => _html.Append("</main></body></html>\n").ToString();

        public Page Raw(string html) { _html.Append(html); return this; }

        public void Text(string text) => _html.Append(Encode(text));

        public void Element(string tag, string? cssClass, string text)
        {
            _html.Append('<').Append(tag);
            if (cssClass is not null) _html.Append(" class=\"").Append(cssClass).Append('"');
            _html.Append('>').Append(Encode(text)).Append("</").Append(tag).Append('>');
        }

        public void Fact(string term, string value)
        {
            Element("dt", null, term);
            Element("dd", null, value);
        }

        /// <summary>A table; columns from <paramref name="numericFrom"/> on are right-aligned (−1: none).</summary>
        public void Table(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows, int numericFrom, string? cssClass = null)
        {
            _html.Append("<table").Append(cssClass is null ? "" : $" class=\"{cssClass}\"").Append("><thead><tr>");
            for (var i = 0; i < headers.Count; i++) Element("th", numericFrom >= 0 && i >= numericFrom ? "num" : null, headers[i]);
            _html.Append("</tr></thead><tbody>");
            foreach (var row in rows)
            {
                _html.Append("<tr>");
                for (var i = 0; i < row.Count; i++) Element("td", numericFrom >= 0 && i >= numericFrom ? "num" : null, row[i]);
                _html.Append("</tr>");
            }
            _html.Append("</tbody></table>");
        }
    }

    // A4 portrait with 16 mm margins, and landscape pages ("wide" sections) for the tables with many columns; fonts
    // that cover Vietnamese (scripts/chromium.sh installs Noto and DejaVu); tables repeat their header on each printed
    // page, and rows, charts and articles never split across pages.
    private const string Stylesheet = """
        @page { size: A4; margin: 16mm 14mm 18mm 14mm; }
        @page wide { size: A4 landscape; margin: 14mm 14mm 16mm 14mm; }
        section.wide { page: wide; }
        :root { --ink: #08306b; --muted: #555; --rule: #c6dbef; }
        * { box-sizing: border-box; }
        html { font-family: "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10pt; color: #111; }
        body { margin: 0; }
        main.report { margin: 0 auto; }
        h1 { font-size: 22pt; color: var(--ink); margin: 2mm 0 4mm; }
        h2 { font-size: 14pt; color: var(--ink); border-bottom: 1.5pt solid var(--ink); padding-bottom: 1mm; margin: 8mm 0 3mm; break-after: avoid; }
        h3 { font-size: 11pt; margin: 5mm 0 2mm; break-after: avoid; }
        p { margin: 1.5mm 0; line-height: 1.4; }
        .kicker { text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: 0; }
        .cover { border-bottom: 3pt solid var(--ink); padding-bottom: 4mm; }
        dl.facts { display: grid; grid-template-columns: 45mm 1fr; gap: 1.5mm 4mm; margin: 0; }
        dl.facts dt { font-weight: 600; color: var(--muted); }
        dl.facts dd { margin: 0; }
        table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; font-size: 8.5pt; }
        thead { display: table-header-group; }
        tr { break-inside: avoid; }
        th, td { border-bottom: .5pt solid var(--rule); padding: 1.2mm 1.5mm; text-align: left; vertical-align: top; }
        table.projections tbody th { min-width: 48mm; }
        thead th.num { white-space: normal; }
        thead th { background: #eff3ff; color: var(--ink); font-weight: 600; }
        tbody th { font-weight: 600; }
        .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .strong { font-weight: 700; }
        table.status-summary { width: auto; min-width: 80mm; }
        .sources-table td:last-child { font-style: italic; }
        .status { display: inline-block; padding: .3mm 2mm; border-radius: 2mm; font-weight: 600; white-space: nowrap; border: .6pt solid currentColor; }
        .status-achieved { color: #00441b; background: #e5f5e0; }
        .status-on-track { color: #08519c; background: #deebf7; }
        .status-at-risk { color: #7f2704; background: #fee6ce; }
        .status-off-track { color: #67000d; background: #fee0d2; }
        .status-regressing { color: #3f007d; background: #efedf5; }
        .status-unknown { color: #444; background: #f0f0f0; }
        article.indicator { break-inside: avoid; margin-bottom: 4mm; }
        figure { margin: 1mm 0; }
        figure svg { width: 100%; height: auto; max-height: 95mm; }
        .map-figure svg { max-height: 200mm; }
        .note, .rank-line { color: var(--muted); font-size: 8.5pt; }
        ul.quality-notes { font-size: 8.5pt; list-style: none; padding-left: 0; }
        section.methodology { break-before: page; }
        @media screen {
          body { background: #f4f4f4; }
          main.report { max-width: 270mm; background: #fff; padding: 12mm 14mm; margin: 6mm auto; box-shadow: 0 0 3mm #ccc; }
          section.wide { overflow-x: auto; }
          figure svg { max-width: 182mm; }
        }
        @media print { a { color: inherit; text-decoration: none; } }
        """;
}
