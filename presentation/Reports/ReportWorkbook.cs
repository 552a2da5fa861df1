using Analytics.Domain;
using Analytics.Presentation.Export;
using Analytics.Presentation.Localization;

namespace Analytics.Presentation.Reports;

/// <summary>
/// The reports as Excel workbooks through <see cref="XlsxExport"/>: one sheet per section, figures as numbers with
/// number formats (probabilities as percentages), frozen header row and autofilter; text from data (names, sources,
/// quotes) is always a string cell, never a formula.
/// </summary>
public static class ReportWorkbook
{
    public const string ContentType = XlsxExport.ContentType;

    public static byte[] Render(ProvinceReport report, ReaderLocale locale)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var reading = Bilingual.Reading(locale.Language == Language.En);
        var text = ReportText.For(locale.Language);
        var labels = locale.Labels;
        var lang = locale.Language;
        var unitName = report.Unit.Name(lang);
        var tables = new List<ExportTable>
        {
            Cover(report.Cover, text.ScopeLine(unitName, text.GeographyName(report.Unit.Geography), report.Cover.TargetYear), text, locale),
            StatusCounts(report.StatusCounts, text.Summary, text.Count, labels),
            Projections(text.IndicatorsWithTarget, labels[Label.Indicator],
                report.Indicators.Select(i => (i.Indicator.Code, i.Indicator.Name(lang), i.Indicator, i.Projection)).ToList(), text, labels, lang),
            new(text.Ranks,
                [new(text.Code), new(labels[Label.Indicator]), new(labels[Label.Year], ColumnKind.Year), new(labels[Label.Value], ColumnKind.Decimal, 2),
                 new(labels[Label.Derived]), new(labels[Label.Rank], ColumnKind.Year), new(text.RankedUnits, ColumnKind.Integer), QualifierColumn, QualityColumn],
                [.. report.Indicators.Select(i => (IReadOnlyList<object?>)
                    [i.Indicator.Code, i.Indicator.Name(lang), i.Rank?.Year, Figure.Of(i.Rank?.Value, i.Indicator.Decimals), i.Rank?.Derived == true ? labels[Label.Derived] : null, i.Rank?.Rank, i.Rank?.RankedUnits,
                     i.Rank?.Qualifier, i.Rank?.Flag?.Cell(lang)])]),
        };
        if (report.Merge is { } merge)
        {
            tables.Add(new ExportTable(text.MergedUnit, [new(text.Code), new(labels[Label.Members])],
                [.. merge.Members.Select(m => (IReadOnlyList<object?>)[m.Code, lang == Language.En ? m.NameEn : m.NameVi])]));
            tables.Add(new ExportTable(text.HowCarried, [new(text.Method), new(text.Notes), new(labels[Label.Indicator])],
                [.. merge.HowCarried.Select(n => (IReadOnlyList<object?>)[n.Rule, n.Description, string.Join("; ", n.Indicators)])]));
            if (merge.Figures is { Count: > 0 } carried)
                tables.Add(new ExportTable(text.CarriedFigures,
                    [new(text.Code), new(labels[Label.Year], ColumnKind.Year), new(labels[Label.Kind]), new(labels[Label.Value], ColumnKind.Decimal, 4),
                     new(labels[Label.Derived]), new(text.Method), new(labels[Label.Members]), new(text.Notes)],
                    [.. carried.Select(c => (IReadOnlyList<object?>)
                        [c.IndicatorCode, c.Year, labels.Kind(c.Kind), Figure.Of(c.Value, report.Indicators.FirstOrDefault(i => i.Indicator.Code == c.IndicatorCode)?.Indicator.Decimals),
                         labels[Label.Derived], c.Method,
                         string.Join("; ", c.Members.Select(m => $"{m.Name} ({m.Code}): {m.Value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "–"}")),
                         string.Join(" ", c.Notes)])]));
        }
        if (report.Outlook is { } outlook) tables.AddRange(Outlook(outlook, labels, lang));
        tables.Add(TrackRecord(report.TrackRecord, text, labels, lang));
        tables.Add(new ExportTable(text.Sources,
            [new(text.Code), new(labels[Label.Indicator]), new(labels[Label.Year], ColumnKind.Year), new(labels[Label.Kind]),
             new(labels[Label.Value], ColumnKind.Decimal, 2), new(labels[Label.Derived]), new(labels[Label.Source]), new(labels[Label.Quote]), QualifierColumn, QualityColumn],
            [.. report.Indicators.SelectMany(i => i.Sources.Select(s => (IReadOnlyList<object?>)
                [i.Indicator.Code, i.Indicator.Name(lang), s.Year, labels.Kind(s.Kind), Figure.Of(s.Value, i.Indicator.Decimals), s.Derived ? labels[Label.Derived] : null, s.Source, s.Quote,
                 s.Qualifier, s.Flag?.Cell(lang)]))]));
        tables.Add(Methodology(report.Methodology, text, locale));
        return XlsxExport.ToBytes(tables);
    }

    /// <summary>The planner's sheets: members' targets, the unit's figures with ranks, the year in review, the national targets.</summary>
    private static IEnumerable<ExportTable> Outlook(PlanningOutlook o, LabelCatalog labels, Language lang)
    {
        if (o.MemberTargets.Count > 0)
            yield return new ExportTable(Bilingual.T("Mục tiêu tỉnh thành viên", "Members' targets"),
                [new(labels[Label.Indicator]), new(Bilingual.T("Tỉnh thành viên", "Member")), new(labels[Label.Target], ColumnKind.Decimal, 2),
                 new(labels[Label.Status]), new(labels[Label.Probability], ColumnKind.Decimal, 2), new(Bilingual.T("Cấp đơn vị", "Unit level"))],
                [.. o.MemberTargets.SelectMany(g => g.Members.Select(m => (IReadOnlyList<object?>)
                    [g.Indicator.Name(lang), m.Name, m.Target, labels.Status(m.Status), m.Probability, g.UnitStatus is { } us ? labels.Status(us) : g.How]))]);
        yield return new ExportTable(Bilingual.T("Số liệu và thứ hạng", "Figures and ranks"),
            [new(labels[Label.Indicator]), new(labels[Label.Year], ColumnKind.Year), new(labels[Label.Value], ColumnKind.Decimal, 4), new(labels[Label.Derived]),
             new(Bilingual.T("Độ phủ", "Coverage")), new(labels[Label.Rank], ColumnKind.Integer), new(Bilingual.T("Số đơn vị xếp hạng", "Units ranked"), ColumnKind.Integer),
             QualifierColumn, QualityColumn],
            [.. o.Figures.Select(f => (IReadOnlyList<object?>)
                [f.Indicator.Name(lang), f.Year, f.Value, f.Derived ? labels[Label.Derived] : null, f.Coverage, f.Rank, f.Ranked, f.Qualifier, f.Flag?.Cell(lang)])]);
        yield return new ExportTable(Bilingual.T($"Nhìn lại {o.ReviewYear}", $"{o.ReviewYear} in review"),
            [new(labels[Label.Indicator]), new(Bilingual.T("Người đặt mục tiêu", "Set by")), new(labels[Label.Target], ColumnKind.Decimal, 2),
             new(labels[Label.Forecast], ColumnKind.Decimal, 2), new(labels[Label.Probability], ColumnKind.Decimal, 2), new(Bilingual.T("Thực hiện", "Actual"), ColumnKind.Decimal, 2),
             new(Bilingual.T("Kết quả", "Outcome")), LastQualityColumn, ActualQualityColumn],
            [.. o.Review.Select(r => (IReadOnlyList<object?>)[r.Indicator.Name(lang), r.SetBy, r.Target, r.ForecastPoint, r.ForecastProbability, r.Actual, r.Outcome,
                r.LastFlag?.Cell(lang), r.ActualFlag?.Cell(lang)])]);
        yield return new ExportTable(Bilingual.T($"Mục tiêu quốc gia {o.HorizonYear}", $"National targets {o.HorizonYear}"),
            [new(labels[Label.Indicator]), new(labels[Label.Target], ColumnKind.Decimal, 2), new(Bilingual.T("Văn bản", "Document")), new(Bilingual.T("Ngày", "Date")),
             new(Bilingual.T("Điều khoản", "Clause")), new(labels[Label.Quote]), new(labels[Label.Source]), new(labels[Label.Projection], ColumnKind.Decimal, 2),
             new(labels[Label.Probability], ColumnKind.Decimal, 2), new(labels[Label.Status])],
            [.. o.National.Select(n => (IReadOnlyList<object?>)
                [n.Indicator.Name(lang), n.Target, n.Document, n.Date, n.Clause, n.Quote, n.SourceUrl, n.Projection?.Projected, n.Projection?.Probability,
                 n.Projection is { } p ? labels.Status(p.Status) : null])]);
    }

    public static byte[] Render(IndicatorReport report, ReaderLocale locale)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var reading = Bilingual.Reading(locale.Language == Language.En);
        var text = ReportText.For(locale.Language);
        var labels = locale.Labels;
        var lang = locale.Language;
        var name = report.Indicator.Name(lang);
        var projected = report.ByProbability;
        var tables = new List<ExportTable>
        {
            Cover(report.Cover, text.ScopeLine(name, text.GeographyName(report.Cover.Geography), report.Cover.TargetYear), text, locale),
            StatusCounts(report.StatusCounts, text.Summary, text.Units, labels),
            new(text.Ranking,
                [new(labels[Label.Rank], ColumnKind.Year), new(text.Code), new(labels[Label.Unit]), new(labels[Label.Year], ColumnKind.Year),
                 new(labels[Label.Value], ColumnKind.Decimal, report.Indicator.Decimals), new(labels[Label.Derived]), QualifierColumn, QualityColumn],
                [.. report.ByRank.Select(r => (IReadOnlyList<object?>)
                    [r.Rank, r.Unit.Code, r.Unit.Name(lang), r.ValueYear, r.Value, r.Derived ? $"{labels[Label.Derived]} ({r.Method})" : null, r.Qualifier, r.Flag?.Cell(lang)])]),
            Projections(text.ProjectionsByProbability, labels[Label.Unit],
                projected.Select(r => (r.Unit.Code, r.Unit.Name(lang), report.Indicator, r.Projection!)).ToList(), text, labels, lang),
            TrackRecord(report.TrackRecord, text, labels, lang),
            Methodology(report.Methodology, text, locale),
        };
        return XlsxExport.ToBytes(tables);
    }

    /// <summary>Beside a value: the qualifier when the document gives a bound or an approximation (&gt; ≥ &lt; ≤ ≈).</summary>
    private static ExportColumn QualifierColumn => new(Bilingual.T("Cận hoặc xấp xỉ", "Bound or approximation"));

    /// <summary>Beside a value: its most severe quality flag, with the rule, the follow-up state and the reason.</summary>
    private static ExportColumn QualityColumn => new(Bilingual.T("Chất lượng", "Quality"));

    /// <summary>The flag of the last figure a forecast or a review starts from.</summary>
    private static ExportColumn LastQualityColumn => new(Bilingual.T("Chất lượng số liệu gần nhất", "Quality of the last figure"));

    /// <summary>The flag of the figure a target year is judged on.</summary>
    private static ExportColumn ActualQualityColumn => new(Bilingual.T("Chất lượng số liệu thực hiện", "Quality of the actual"));

    private static ExportTable Cover(ReportCover cover, string scope, ReportText text, ReaderLocale locale) =>
        new(text.Cover, [new(text.Field), new(text.Text)],
        [
            [text.Scope, scope],
            [locale.Labels[Label.DataAsOf], cover.DataAsOf is { } a ? locale.DateTime(a) : null],
            [text.ModelVersion, cover.ModelVersion],
            [text.ModelTrained, cover.ModelTrainedAt is { } t ? locale.DateTime(t) : null],
            [text.Skill, cover.Skill is { } s ? text.SkillLine(locale, s) : null],
            [text.Generated, locale.DateTime(cover.GeneratedAt)],
        ]);

    private static ExportTable StatusCounts(IReadOnlyList<StatusCount> counts, string sheet, string countHeader, LabelCatalog labels) =>
        new(sheet, [new(labels[Label.Status]), new(countHeader, ColumnKind.Integer)],
            [.. counts.Select(c => (IReadOnlyList<object?>)[labels.Status(c.Status), c.Count])]);

    private static ExportTable Projections(string sheet, string firstHeader,
        IReadOnlyList<(string Code, string Name, ReportIndicator Indicator, Projection Projection)> rows, ReportText text, LabelCatalog labels, Language lang) =>
        new(sheet,
        [
            new(text.Code), new(firstHeader), new(labels[Label.Unit]), new(text.LastYear, ColumnKind.Year), new(text.LastFigure, ColumnKind.Decimal, 2),
            new(labels[Label.Derived]), new(labels[Label.Target], ColumnKind.Decimal, 2), new(labels[Label.TargetYear], ColumnKind.Year),
            new(labels[Label.Projection], ColumnKind.Decimal, 2), new(text.Low80, ColumnKind.Decimal, 2), new(text.High80, ColumnKind.Decimal, 2),
            new(text.Low95, ColumnKind.Decimal, 2), new(text.High95, ColumnKind.Decimal, 2), new(labels[Label.Probability], ColumnKind.Percent, 0),
            new(text.RequiredChange, ColumnKind.Decimal, 2), new(text.ObservedChange, ColumnKind.Decimal, 2), new(labels[Label.Status]),
            new(text.SpreadLow, ColumnKind.Decimal, 2), new(text.SpreadHigh, ColumnKind.Decimal, 2), new(text.Method), new(text.Reason),
            LastQualityColumn,
        ],
        [.. rows.Select(r =>
        {
            var p = r.Projection;
            object? F(double? v) => Figure.Of(v, r.Indicator.Decimals);
            return (IReadOnlyList<object?>)
            [
                r.Code, r.Name, r.Indicator.UnitOfMeasure, p.LastYear, F(p.LastValue), p.Derived ? labels[Label.Derived] : null, F(p.Target), p.TargetYear,
                F(p.Projected), F(p.Interval80?.Lower), F(p.Interval80?.Upper), F(p.Interval95?.Lower), F(p.Interval95?.Upper), p.Probability,
                F(p.RequiredYearlyChange), F(p.ObservedYearlyChange), labels.Status(p.Status), F(p.Spread?.Low), F(p.Spread?.High),
                ForecastMethodNames.Of(p.Method, lang), p.Reason, p.LastFlag?.Cell(lang),
            ];
        })]);

    private static ExportTable TrackRecord(IReadOnlyList<TrackRecordEntry> entries, ReportText text, LabelCatalog labels, Language lang) =>
        new(text.TrackRecord,
        [
            new(labels[Label.Unit]), new(labels[Label.Indicator]), new(labels[Label.TargetYear], ColumnKind.Year), new(labels[Label.Target], ColumnKind.Decimal, 2),
            new(text.Actual, ColumnKind.Decimal, 2), new(text.ActualArrived, ColumnKind.Date), new(text.Outcome), new(text.Issued, ColumnKind.Date),
            new(text.ModelVersion), new(text.LastYear, ColumnKind.Year), new(text.Forecast, ColumnKind.Decimal, 2),
            new(text.Low80, ColumnKind.Decimal, 2), new(text.High80, ColumnKind.Decimal, 2), new(text.Error, ColumnKind.Decimal, 2),
            ActualQualityColumn,
        ],
        [.. entries.SelectMany(e =>
        {
            object? F(double? v) => Figure.Of(v, e.Indicator.Decimals);
            object?[] lead = [e.Unit.Name(lang), e.Indicator.Name(lang), e.TargetYear, F(e.Target), F(e.Actual), e.ActualArrivedAt,
                e.Achieved switch { true => text.Achieved, false => text.Missed, null => null }];
            var quality = e.ActualFlag?.Cell(lang);
            return e.Forecasts.Count == 0
                ? [(IReadOnlyList<object?>)[.. lead, null, null, null, null, null, null, null, quality]]
                : e.Forecasts.Select(f => (IReadOnlyList<object?>)[.. lead, f.IssuedAt, f.ModelVersion, f.LastYear, F(f.Point),
                    F(f.Interval80?.Lower), F(f.Interval80?.Upper), F(TrackRecordEntry.Error(f, e.Actual)), quality]);
        })]);

    private static ExportTable Methodology(Methodology methodology, ReportText text, ReaderLocale locale) =>
        new(text.Methodology, [new(text.Field), new(text.Text)],
            [.. text.MethodologyParagraphs(methodology, locale).Select(p => (IReadOnlyList<object?>)[p.Heading, p.Body])]);
}
